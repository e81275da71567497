using System.Net.Http.Headers;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Support;

/// <summary>
/// The real server over its own, freshly migrated store: a SQLite file in a temporary directory, or a fresh
/// PostgreSQL database when a derived fixture passes its connection string to <see cref="GuardrailApp(string?)"/>.
/// </summary>
public class GuardrailApp : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("guardrail-test-").FullName;
    private readonly string? _postgres;

    public GuardrailApp()
        : this(null)
    {
    }

    protected GuardrailApp(string? postgresConnectionString) => _postgres = postgresConnectionString;

    public string DataDirectory => _dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        if (_postgres is not null)
            builder.UseSetting("Storage:Database", _postgres);
    }

    /// <summary>Issues a token straight into the store, as <c>guardrail token create</c> does.</summary>
    public async Task<string> IssueTokenAsync(Role role, string? name = null)
    {
        using var scope = Services.CreateScope();
        var issued = await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync(
            new CreateTokenRequest(name ?? $"test-{WireNames.Of(role)}-{Guid.NewGuid():N}", WireNames.Of(role)), Actor.System, CancellationToken.None);
        return issued.Value!.Secret;
    }

    public async Task<HttpClient> ClientAsAsync(Role role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await IssueTokenAsync(role));
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left to the OS temp cleaner; it never affects another test.
            }
        }
    }
}
