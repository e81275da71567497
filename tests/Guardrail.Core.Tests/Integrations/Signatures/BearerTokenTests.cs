using Guardrail.Core.Integrations.Signatures;

namespace Guardrail.Core.Tests.Integrations.Signatures;

public class BearerTokenTests
{
    private const string Token = "am-7c1e5d0a9b";

    [Theory]
    [InlineData("Bearer am-7c1e5d0a9b")]
    [InlineData("bearer am-7c1e5d0a9b")]
    [InlineData("BEARER  am-7c1e5d0a9b ")]
    public void The_expected_token_verifies(string header) => Assert.True(BearerToken.Verify(Token, header));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("am-7c1e5d0a9b")]
    [InlineData("Basic am-7c1e5d0a9b")]
    [InlineData("Beareram-7c1e5d0a9b")]
    [InlineData("Bearer am-7c1e5d0a9c")]
    [InlineData("Bearer am-7c1e5d0a9")]
    [InlineData("Bearer am-7c1e5d0a9bb")]
    [InlineData("Bearer AM-7C1E5D0A9B")]
    public void Anything_else_fails(string? header) => Assert.False(BearerToken.Verify(Token, header));

    [Fact]
    public void No_expected_token_fails() => Assert.False(BearerToken.Verify("", "Bearer "));
}
