/**
 * The channel contract: the only types a Switchboard channel plugin compiles against.
 *
 * <p>A plugin turns a verified provider request into {@link org.switchboard.api.InboundEvent values} and an
 * {@link org.switchboard.api.OutboundMessage} into a {@link org.switchboard.api.SendResult}. Dedupe, sealing,
 * storage, retries and routing live in the server, once. See {@code docs/plugins.md}.
 */
package org.switchboard.api;
