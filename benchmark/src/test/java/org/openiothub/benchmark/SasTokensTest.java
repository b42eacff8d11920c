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

    @Test
    void eventHubTokenSignsTheEncodedAudienceWithTheKeyTextAsTheEventHubsSdksDo() {
        // Signature computed with Python's hmac over the UTF-8 bytes of the key text, not the decoded key.
        assertEquals("SharedAccessSignature sr=amqp%3A%2F%2F127.0.0.1%2Fhub%2FConsumerGroups%2F%24Default%2FPartitions%2F3"
                        + "&sig=0cZJhFyO5P%2B7z2smJa8%2B4SKfsokUX8ohAOx31PY11QM%3D&se=1700000000&skn=iothubowner",
                SasTokens.forEventHub("amqp://127.0.0.1/hub/ConsumerGroups/$Default/Partitions/3", "iothubowner",
                        "a2V5a2V5=", 1_700_000_000L));
    }
}
