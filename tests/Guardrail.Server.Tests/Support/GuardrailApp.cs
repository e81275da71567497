using System.Net.Http.Headers;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Support;

/// <summary>
/// The real server over its own, freshly migrated store: a SQLite file in a temporary directory, or a fresh
/// PostgreSQL database (<see cref="PostgresGuardrailApp"/>).
/// </summary>
public class GuardrailApp : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;
    private readonly string? _postgres;
    private bool _keepStore;

    public GuardrailApp()
        : this(null)
    {
    }

    protected GuardrailApp(string? postgresConnectionString)
        : this(postgresConnectionString, Directory.CreateTempSubdirectory("guardrail-test-").FullName)
    {
    }

    private GuardrailApp(string? postgresConnectionString, string dataDirectory)
    {
        _postgres = postgresConnectionString;
        _dataDirectory = dataDirectory;
    }

    public string DataDirectory => _dataDirectory;

    /// <summary>Configuration the server starts with (short outbox retries, for example); a restart keeps it.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The server's clock: real time until a test moves it.</summary>
    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        if (_postgres is not null)
            builder.UseSetting("Storage:Database", _postgres);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Stops this server and returns a new one over the same store and settings, as restarting the process would.</summary>
    public GuardrailApp Restart()
    {
        _keepStore = true;
        Dispose();
        var restarted = new GuardrailApp(_postgres, _dataDirectory);
        foreach (var (key, value) in Settings)
            restarted.Settings[key] = value;
        restarted.Clock.Offset = Clock.Offset;
        return restarted;
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
            if (_keepStore)
                return;
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
