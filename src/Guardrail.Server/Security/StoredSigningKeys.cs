using System.Xml.Linq;
using Guardrail.Core.Persistence;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Guardrail.Server.Security;

/// <summary>Data protection's key ring, read from and written to the store (see <see cref="SigningKey"/>).</summary>
internal sealed class StoredSigningKeys(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        return [.. scope.ServiceProvider.GetRequiredService<GuardrailDb>().SigningKeys.Select(k => k.Xml).AsEnumerable().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        db.SigningKeys.Add(new SigningKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
