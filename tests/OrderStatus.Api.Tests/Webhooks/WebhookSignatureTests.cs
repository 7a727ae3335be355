using OrderStatus.Application.Webhooks;

namespace OrderStatus.Api.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_matches_the_test_vector_in_docs_webhooks_md()
    {
        const string body = """{"id":"x","type":"STATUS_CHANGED"}""";

        var signature = WebhookSignature.Sign("whsec_abc", 1700000000, body);

        Assert.Equal("v1=0bae40ea88b9f2c09ecb9066bb9da88dbeede7d0c9a1adaa6785499a128853d8", signature);
        Assert.True(WebhookSignature.Verify("whsec_abc", 1700000000, body, signature));
        Assert.False(WebhookSignature.Verify("whsec_abc", 1700000001, body, signature));
        Assert.False(WebhookSignature.Verify("whsec_abc", 1700000000, body + " ", signature));
    }

    [Fact]
    public void Secrets_are_random_and_prefixed()
    {
        var a = WebhookSignature.NewSecret();
        var b = WebhookSignature.NewSecret();

        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.Equal(49, a.Length);
    }
}
