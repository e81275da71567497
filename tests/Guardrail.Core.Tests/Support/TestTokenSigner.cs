using System.Security.Cryptography;
using System.Text;
using Guardrail.Core.Common;

namespace Guardrail.Core.Tests.Support;

/// <summary>Signs with HMAC-SHA256 under a key made for each store, as the server's data protection would under its own.</summary>
public sealed class TestTokenSigner : ITokenSigner
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Sign(string purpose, string payload) => payload + "." + Convert.ToHexStringLower(Mac(purpose, payload));

    public string? Verify(string purpose, string token)
    {
        var dot = token.LastIndexOf('.');
        if (dot < 0)
            return null;
        var payload = token[..dot];
        try
        {
            return CryptographicOperations.FixedTimeEquals(Mac(purpose, payload), Convert.FromHexString(token[(dot + 1)..])) ? payload : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private byte[] Mac(string purpose, string payload) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose + "\n" + payload));
}
