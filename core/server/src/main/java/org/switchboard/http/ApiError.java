package org.switchboard.http;

/** The JSON body of every error answer: a machine-readable code, a sentence for people, and the field at fault. */
public record ApiError(String error, String message, String field) {}
