using System.Security.Cryptography;
using System.Text;
using Guardrail.Core.Integrations.Signatures;

namespace Guardrail.Core.Tests.Integrations.Signatures;

public class PagerdutySignatureTests
{
    private const string Secret = "whsec-rotating-1";

    private static readonly byte[] _body = Encoding.UTF8.GetBytes("""{"event":{"id":"01ABC","event_type":"pagey.ping"}}""");

    private static string Sign(string secret, byte[] body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    [Fact]
    public void The_published_HMAC_SHA256_value_verifies_in_v1_form()
    {
        // GitHub's published vector: the same HMAC-SHA256 over the raw body, only the prefix differs.
        var body = Encoding.UTF8.GetBytes("Hello, World!");
        Assert.True(PagerdutySignature.Verify(
            "It's a Secret to Everybody", body, "v1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
    }

    [Fact]
    public void Its_own_signature_verifies() => Assert.True(PagerdutySignature.Verify(Secret, _body, Sign(Secret, _body)));

    [Fact]
    public void During_rotation_any_one_matching_value_is_enough()
    {
        var header = $"{Sign("whsec-old", _body)}, {Sign(Secret, _body)}";
        Assert.True(PagerdutySignature.Verify(Secret, _body, header));
        Assert.True(PagerdutySignature.Verify("whsec-old", _body, header));
        Assert.False(PagerdutySignature.Verify("whsec-other", _body, header));
    }

    [Fact]
    public void A_malformed_value_beside_a_good_one_does_not_hide_it() =>
        Assert.True(PagerdutySignature.Verify(Secret, _body, "v1=not-hex," + Sign(Secret, _body)));

    [Fact]
    public void A_tampered_body_fails() =>
        Assert.False(PagerdutySignature.Verify(Secret, Encoding.UTF8.GetBytes("""{"event":{"id":"01ABD"}}"""), Sign(Secret, _body)));

    [Fact]
    public void A_tampered_signature_fails()
    {
        var header = Sign(Secret, _body);
        Assert.False(PagerdutySignature.Verify(Secret, _body, header[..^1] + (header[^1] == 'a' ? 'b' : 'a')));
    }

    [Fact]
    public void The_wrong_secret_fails() => Assert.False(PagerdutySignature.Verify("whsec-wrong", _body, Sign(Secret, _body)));

    [Fact]
    public void Another_scheme_with_the_right_digest_fails() =>
        Assert.False(PagerdutySignature.Verify(Secret, _body, "v2=" + Sign(Secret, _body)[3..]));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(",")]
    [InlineData("v1=")]
    [InlineData("v1=xyz")]
    [InlineData("v1=0123456789abcdef")]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_header_fails_without_throwing(string? header) => Assert.False(PagerdutySignature.Verify(Secret, _body, header));
}
