using Guardrail.Core.Integrations;
using Microsoft.AspNetCore.DataProtection;

namespace Guardrail.Server.Hooks;

/// <summary>Integration secrets are encrypted with the data-protection keys every node shares through the store.</summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Guardrail.Integrations.Secrets");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
