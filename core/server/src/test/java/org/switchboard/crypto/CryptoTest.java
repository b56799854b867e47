package org.switchboard.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CryptoTest {
  private final Crypto crypto = Crypto.get();

  @Test
  void sealedBoxOpensOnlyWithTheMatchingSecretKey() {
    byte[][] org = crypto.boxKeyPair();
    byte[][] other = crypto.boxKeyPair();
    OrgPublicKey publicKey = new OrgPublicKey(org[0]);
    SealedBox box = publicKey.seal("the landlord changed the locks");

    assertThat(new String(box.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("landlord");
    try (OrgKeys keys = new OrgKeys(1, publicKey, org[1])) {
      assertThat(keys.openText(box)).isEqualTo("the landlord changed the locks");
    }
    assertThatThrownBy(() -> crypto.sealOpen(box.bytes(), other[0], other[1]))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void orgKeysRefuseASecretKeyOfAnotherOrgAndStopWorkingOnceWiped() {
    byte[][] org = crypto.boxKeyPair();
    byte[][] other = crypto.boxKeyPair();
    OrgPublicKey publicKey = new OrgPublicKey(org[0]);
    assertThatThrownBy(() -> new OrgKeys(1, publicKey, other[1])).isInstanceOf(DecryptionException.class);

    SealedBox box = publicKey.seal("hello");
    OrgKeys keys = new OrgKeys(1, publicKey, org[1]);
    keys.close();
    assertThat(keys.isWiped()).isTrue();
    assertThatThrownBy(() -> keys.open(box)).isInstanceOf(DecryptionException.class);
  }

  @Test
  void secretBoxDetectsTamperingAndWrongKeys() {
    byte[] key = crypto.randomBytes(32);
    byte[] box = crypto.secretbox("token".getBytes(StandardCharsets.UTF_8), key);
    assertThat(crypto.secretboxOpen(box, key)).isEqualTo("token".getBytes(StandardCharsets.UTF_8));
    box[box.length - 1] ^= 1;
    assertThatThrownBy(() -> crypto.secretboxOpen(box, key)).isInstanceOf(DecryptionException.class);
    byte[] fresh = crypto.secretbox("token".getBytes(StandardCharsets.UTF_8), key);
    assertThatThrownBy(() -> crypto.secretboxOpen(fresh, crypto.randomBytes(32)))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void passwordHashesVerifyOnlyTheRightPassword() {
    String hash = crypto.passwordHash("a long passphrase".getBytes(StandardCharsets.UTF_8), Argon2Cost.MINIMUM);
    assertThat(hash).startsWith("$argon2id$");
    assertThat(crypto.passwordMatches(hash, "a long passphrase".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(crypto.passwordMatches(hash, "a long passphrasE".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void keyWrapsOpenWithTheirSecretOnly() {
    byte[] secretKey = crypto.randomBytes(32);
    byte[] byPassword = KeyWrap.wrapWithPassword(secretKey, "pw-one".getBytes(StandardCharsets.UTF_8),
        Argon2Cost.MINIMUM);
    assertThat(KeyWrap.unwrap(byPassword, "pw-one".getBytes(StandardCharsets.UTF_8))).contains(secretKey);
    assertThat(KeyWrap.unwrap(byPassword, "pw-two".getBytes(StandardCharsets.UTF_8))).isEmpty();

    byte[] token = crypto.randomBytes(32);
    byte[] byToken = KeyWrap.wrapWithToken(secretKey, token);
    assertThat(KeyWrap.unwrap(byToken, token)).contains(secretKey);
    assertThat(KeyWrap.unwrap(byToken, crypto.randomBytes(32))).isEmpty();
  }

  @Test
  void blindIndexIsStablePerScopeAndDiffersAcrossScopes() {
    MasterKey master = MasterKey.of(crypto.randomBytes(32));
    BlindIndex index = new BlindIndex(master);
    assertThat(index.of("contact", 1, "tel:+14155550100")).isEqualTo(index.of("contact", 1, "tel:+14155550100"));
    assertThat(index.of("contact", 2, "tel:+14155550100")).isNotEqualTo(index.of("contact", 1, "tel:+14155550100"));
    assertThat(new BlindIndex(MasterKey.of(crypto.randomBytes(32))).of("contact", 1, "tel:+14155550100"))
        .isNotEqualTo(index.of("contact", 1, "tel:+14155550100"));
  }
}
