package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SasTokensTest {

    // base64 of "0123456789abcdef0123456789abcdef"; expected signatures computed with `openssl dgst -hmac`.
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Test
    void policyTokenSignsTheLowerCasedHostAndNamesThePolicy() {
        assertEquals("SharedAccessSignature sr=myhub.example.com"
                        + "&sig=Mb7%2BgReZMfPINAAgHTWGHOpA2CS8UgkuJdnMnLjP67s%3D&se=1700000000&skn=iothubowner",
                SasTokens.forPolicy("MyHub.Example.com", "iothubowner", KEY, 1_700_000_000L));
    }

    @Test
    void deviceTokenSignsHostSlashDevicesSlashIdAsWrittenWithoutPolicyName() {
        assertEquals("SharedAccessSignature sr=Hub.Example.com/devices/bench-0001"
                        + "&sig=Xs3zw3W1DZCJw9Tyv4tMeUD0QkdWdkycu1Y8KuIEm0M%3D&se=1700000000",
                SasTokens.forDevice("Hub.Example.com", "bench-0001", KEY, 1_700_000_000L));
    }

    @Test
    void deviceIdIsUrlEncodedInTheResourceLikeTheJavaDeviceSdkDoes() {
        String token = SasTokens.forDevice("hub", "dev 1", KEY, 1L);
        assertEquals("SharedAccessSignature sr=hub/devices/dev+1&sig="
                + java.net.URLEncoder.encode(SasTokens.signature("hub/devices/dev+1", KEY, 1L),
                java.nio.charset.StandardCharsets.UTF_8) + "&se=1", token);
    }
}
