using System.Security.Cryptography;
using Guardrail.Core.Common;
using Microsoft.AspNetCore.DataProtection;

namespace Guardrail.Server.Security;

/// <summary>Tokens protected (encrypted and authenticated) with the data-protection keys every node shares through the store.</summary>
internal sealed class DataProtectionTokenSigner(IDataProtectionProvider provider) : ITokenSigner
{
    public string Sign(string purpose, string payload) => provider.CreateProtector(purpose).Protect(payload);

    public string? Verify(string purpose, string token)
    {
        try
        {
            return provider.CreateProtector(purpose).Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
