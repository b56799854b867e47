/**
 * The Twilio and SignalWire channels: webhooks verified with the Twilio signature and parsed into events, sends
 * through the Messages API, number and WhatsApp-sender listing, and media downloads. See
 * {@code docs/channels/twilio.md}.
 */
package org.switchboard.plugins.twilio;
