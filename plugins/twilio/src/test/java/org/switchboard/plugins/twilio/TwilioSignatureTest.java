package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Secret;

/** Twilio's published request-validator vectors (twilio-java, twilio-python and twilio-node tests). */
class TwilioSignatureTest {
  private static final Secret TOKEN = Secret.of("12345");
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

  private static Map<String, List<String>> params() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("CallSid", List.of("CA1234567890ABCDE"));
    params.put("Caller", List.of("+14158675309"));
    params.put("Digits", List.of("1234"));
    params.put("From", List.of("+14158675309"));
    params.put("To", List.of("+18005551212"));
    return params;
  }

  @Test
  void signsThePublishedVector() {
    assertThat(TwilioSignature.sign(TOKEN, URL, params())).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assertThat(TwilioSignature.sign(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", params()))
        .isEqualTo("kvajT1Ptam85bY51eRf/AJRuM3w=");
    assertThat(TwilioSignature.sign(TOKEN, URL, Map.of())).isEqualTo("zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
  }

  @Test
  void acceptsEitherPortFormForEitherUrlForm() {
    URI plain = URI.create(URL);
    URI withPort = URI.create("https://mycompany.com:443/myapp.php?foo=1&bar=2");
    for (URI url : List.of(plain, withPort)) {
      assertThat(TwilioSignature.verify(TOKEN, url, params(), List.of("RSOYDt4T1cUTdK1PDd93/VVr8B8="))).isTrue();
      assertThat(TwilioSignature.verify(TOKEN, url, params(), List.of("kvajT1Ptam85bY51eRf/AJRuM3w="))).isTrue();
    }
  }

  @Test
  void httpUsesPort80AndOtherPortsStayAsTheyAre() {
    assertThat(TwilioSignature.verify(TOKEN, URI.create("http://mycompany.com/myapp.php?foo=1&bar=2"), params(),
        List.of("0ZXoZLH/DfblKGATFgpif+LLRf4="))).isTrue();
    assertThat(TwilioSignature.urlVariants(URI.create("http://mycompany.com:1234/myapp.php?foo=1&bar=2")))
        .containsExactly("http://mycompany.com:1234/myapp.php?foo=1&bar=2");
    assertThat(TwilioSignature.sign(TOKEN, "http://mycompany.com:1234/myapp.php?foo=1&bar=2", params()))
        .isEqualTo("Zmvh+3yNM1Phv2jhDCwEM3q5ebU=");
  }

  @Test
  void rejectsAnotherTokenOrChangedParameters() {
    Map<String, List<String>> changed = params();
    changed.put("Digits", List.of("9999"));
    assertThat(TwilioSignature.verify(Secret.of("54321"), URI.create(URL), params(),
        List.of("RSOYDt4T1cUTdK1PDd93/VVr8B8="))).isFalse();
    assertThat(TwilioSignature.verify(TOKEN, URI.create(URL), changed, List.of("RSOYDt4T1cUTdK1PDd93/VVr8B8=")))
        .isFalse();
    assertThat(TwilioSignature.verify(TOKEN, URI.create(URL), params(), List.of(""))).isFalse();
  }

  @Test
  void repeatedNamesVerifyInOrderOrSortedAsTwiliosHelpersDo() {
    Map<String, List<String>> repeated = new LinkedHashMap<>();
    repeated.put("Sid", List.of("CA123"));
    repeated.put("SidAccount", List.of("AC123"));
    repeated.put("Digits", List.of("5678", "1234", "1234"));
    // Python and Node sign repeated values sorted and de-duplicated.
    assertThat(TwilioSignature.verify(TOKEN, URI.create(URL), repeated, List.of("IK+Dwps556ElfBT0I3Rgjkr1wJU=")))
        .isTrue();
    String inOrder = TwilioSignature.sign(TOKEN, URL, repeated);
    assertThat(TwilioSignature.verify(TOKEN, URI.create(URL), repeated, List.of(inOrder))).isTrue();
  }

  @Test
  void utf8ValuesAreSignedAsUtf8() {
    Map<String, List<String>> special = new LinkedHashMap<>();
    special.put("Message", List.of("Hello & goodbye! @#$%^*()"));
    special.put("From", List.of("+1 (415) 867-5309"));
    special.put("Special", List.of("unicode: ñáéíóú"));
    assertThat(TwilioSignature.sign(TOKEN, URL, special)).isEqualTo("dCPiR4WtQ6QFN6pJh81CtlCcWLQ=");
  }
}
