using System.Text;
using System.Text.Json;
using Guardrail.Core.Integrations.Signatures;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Integrations.Signatures;

public class HmacSha256SignatureTests
{
    private static readonly JsonElement _vector =
        JsonDocument.Parse(Corpus.Bytes("github-webhooks/signature-test-vector.json")).RootElement;

    private static string Secret => _vector.GetProperty("secret").GetString()!;

    private static byte[] Body => Encoding.UTF8.GetBytes(_vector.GetProperty("body").GetString()!);

    private static string Header => _vector.GetProperty("expected_header").GetProperty("X-Hub-Signature-256").GetString()!;

    [Fact]
    public void GitHubs_published_vector_verifies() => Assert.True(HmacSha256Signature.Verify(Secret, Body, Header));

    [Fact]
    public void Signing_reproduces_GitHubs_published_vector() => Assert.Equal(Header, HmacSha256Signature.Sign(Secret, Body));

    [Fact]
    public void Upper_case_hex_and_surrounding_space_verify() =>
        Assert.True(HmacSha256Signature.Verify(Secret, Body, " sha256=" + Header["sha256=".Length..].ToUpperInvariant() + " "));

    [Fact]
    public void A_tampered_body_fails() => Assert.False(HmacSha256Signature.Verify(Secret, Encoding.UTF8.GetBytes("Hello, World?"), Header));

    [Fact]
    public void A_tampered_signature_fails()
    {
        var last = Header[^1] == '0' ? '1' : '0';
        Assert.False(HmacSha256Signature.Verify(Secret, Body, Header[..^1] + last));
    }

    [Fact]
    public void The_wrong_secret_fails() => Assert.False(HmacSha256Signature.Verify("It's a Secret to Nobody", Body, Header));

    [Fact]
    public void No_secret_fails() => Assert.False(HmacSha256Signature.Verify("", Body, Header));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ab")]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17,sha256=00")]
    public void A_malformed_header_fails_without_throwing(string? header) => Assert.False(HmacSha256Signature.Verify(Secret, Body, header));
}
