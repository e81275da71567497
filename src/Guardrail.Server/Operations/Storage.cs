using System.Data.Common;
using Guardrail.Core;
using Guardrail.Core.Persistence;
using Guardrail.Persistence.Postgres;
using Guardrail.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Prometheus;

namespace Guardrail.Server.Operations;

/// <summary>Demo data on start (<c>serve --demo</c>): fills an empty store with the demo organisation.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; }
}

public static class Storage
{
    /// <summary>SQLite in the data directory unless a PostgreSQL connection string is configured.</summary>
    public static void AddGuardrailStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        builder.Services.AddGuardrailStore(storage, checkpointsInBackground: !storage.UsesPostgres);
        if (!storage.UsesPostgres)
            builder.Services.AddHostedService<WalCheckpointer>();
    }

    /// <summary>The store and the use cases over it, for the server and for the CLI verbs that work on a store directly.</summary>
    /// <param name="checkpointsInBackground">SQLite only: a <see cref="WalCheckpointer"/> runs beside the store.</param>
    public static IServiceCollection AddGuardrailStore(this IServiceCollection services, StorageOptions storage, bool checkpointsInBackground = false)
    {
        if (!storage.UsesPostgres)
            Directory.CreateDirectory(storage.DataDirectory);
        return services.AddGuardrailCore(database =>
        {
            if (storage.UsesPostgres)
                database.UseGuardrailPostgres(storage.Database!);
            else
                database.UseGuardrailSqlite(storage.SqliteConnectionString, checkpointsInBackground);
            database.AddInterceptors(DatabaseMetrics.Instance);
        });
    }
}

/// <summary>Times every database command for Prometheus (<c>guardrail_db_command_duration_seconds</c>).</summary>
internal sealed class DatabaseMetrics : DbCommandInterceptor
{
    public static readonly DatabaseMetrics Instance = new();

    private static readonly Histogram s_duration = Metrics.CreateHistogram(
        "guardrail_db_command_duration_seconds", "Time spent executing database commands.",
        new HistogramConfiguration { LabelNames = ["outcome"], Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
        Observe(eventData, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Observe(eventData, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Observe(eventData, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Observe(eventData, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Observe(eventData, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Observe(eventData, result));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        s_duration.WithLabels("error").Observe(eventData.Duration.TotalSeconds);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    private static T Observe<T>(CommandExecutedEventData eventData, T result)
    {
        s_duration.WithLabels("ok").Observe(eventData.Duration.TotalSeconds);
        return result;
    }
}
