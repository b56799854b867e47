package org.switchboard.http;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies the Guice set of JAX-RS resources and providers each feature contributes
 * ({@code Multibinder.newSetBinder(binder(), Object.class, JaxRs.class)}); the HTTP server registers them all.
 */
@BindingAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface JaxRs {}
