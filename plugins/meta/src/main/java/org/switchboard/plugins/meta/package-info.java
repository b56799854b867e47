/**
 * Meta's channels on the Graph API: WhatsApp through the Cloud API ({@link org.switchboard.plugins.meta.WhatsAppChannel}),
 * and Messenger and Instagram direct messages through a Facebook Page
 * ({@link org.switchboard.plugins.meta.MessengerChannel}). Both verify {@code X-Hub-Signature-256} and answer
 * Meta's {@code hub.challenge} handshake the same way ({@link org.switchboard.plugins.meta.HubSignature}).
 */
package org.switchboard.plugins.meta;
