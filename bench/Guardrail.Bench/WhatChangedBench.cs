using System.Diagnostics;
using System.Globalization;
using Guardrail.Contracts;
using Guardrail.Core;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Suspects;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Bench;

/// <summary>
/// "What changed?" at scale on SQLite: the synthetic CMDB (<see cref="SyntheticGraph"/>) with its service layer given to
/// catalogue services (<see cref="ServiceCis"/>) and its platform and database layers shared among the same services,
/// 1,000,000 deployments over 90 days (half to production, half to staging; a few failed, rolled back, cancelled or
/// still rolling out, each with the commits it shipped), a gate change for a fifth of the production ones and changes
/// by hand naming CIs; then the engine, in process as a request would call it (a scope each), for incidents on CIs drawn
/// across the graph (one in ten on a service instead) starting anywhere in the last 85 days. Deterministic (fixed seeds).
/// </summary>
internal static partial class WhatChangedBench
{
    private const int Services = 2000;
    private const int CisPerService = 4;
    private static readonly DateTime s_now = new(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<int> RunAsync(string database, int cis, int deployments, int incidents)
    {
        await using var provider = new ServiceCollection().AddLogging()
            .AddGuardrailCore(db => db.UseGuardrailSqlite($"Data Source={database}"))
            .BuildServiceProvider();
        var generate = !File.Exists(database);
        await provider.GetRequiredService<StoreInitializer>().MigrateAsync(default);
        if (generate)
            await GenerateAsync(provider, database, cis, deployments);
        await MeasureAsync(provider, database, incidents);
        return 0;
    }

    private static async Task GenerateAsync(ServiceProvider provider, string database, int cis, int deployments)
    {
        var clock = Stopwatch.StartNew();
        await using (var scope = provider.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            await services.GetRequiredService<TeamDirectory>().CreateAsync(new TeamRequest("bench", "Bench"), Actor.System, default);
            await services.GetRequiredService<EnvironmentRegistry>().CreateAsync(new EnvironmentRequest("production", "Production", "production"), Actor.System, default);
            await services.GetRequiredService<EnvironmentRegistry>().CreateAsync(new EnvironmentRequest("staging", "Staging", "staging"), Actor.System, default);
        }
        // Not pooled: its gigabyte of page cache, which keeps a million inserts off the disk, goes with it.
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;");
        // Written straight into the table, as the CMDB generator writes CIs: one audited creation each would reload the
        // catalogue index 2,000 times.
        Execute(connection, $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Services})
            INSERT INTO Services (Key, Name, Kind, Criticality, OwnerTeamId, Version, CreatedAt, UpdatedAt)
            SELECT 'svc-' || i, 'Service ' || i, 'Technical', 'Tier' || ((i % 4) + 1), (SELECT Id FROM Teams WHERE Key = 'bench'), 1, '{Time(s_now)}', '{Time(s_now)}' FROM n
            """);
        SyntheticGraph.Generate(database, cis, cis * 3);
        ServiceCis.Assign(database, CisPerService);
        // The platform and database layers (below the service layer) belong to the same services, so an incident's
        // upstream reaches a few dozen services, not three.
        Execute(connection, $"UPDATE ConfigurationItems SET ServiceId = (SELECT MIN(Id) FROM Services WHERE Kind = 'Technical') + (Id % {Services}) WHERE Id <= {cis / 100}");
        var serviceIds = Ids(connection, "SELECT Id FROM Services WHERE Kind = 'Technical' ORDER BY Id");
        var (production, staging) = (Ids(connection, "SELECT Id FROM Environments WHERE Key = 'production'")[0], Ids(connection, "SELECT Id FROM Environments WHERE Key = 'staging'")[0]);
        WriteDeployments(connection, deployments, serviceIds, production, staging);
        Console.Error.WriteLine($"{deployments:N0} deployments with their shipped commits and changes, {clock.Elapsed.TotalSeconds:F1} s in all");
        // No ANALYZE: a Guardrail store has no statistics, and the reads must find their indexes without them.
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private static void WriteDeployments(SqliteConnection connection, int count, List<long> serviceIds, long production, long staging)
    {
        var random = new Random(20261127);
        using var transaction = connection.BeginTransaction();
        using var deployment = Command(connection, transaction, """
            INSERT INTO Deployments (Id, Source, ProviderDeploymentId, ServiceId, EnvironmentId, EnvironmentName, EnvironmentTier, Repository, CommitSha,
                Status, StatusAt, StartedAt, FinishedAt, DeployedAt, ShippedSetBasis, ShippedSetNote, UpdatedAt)
            VALUES ($id, 'Github', $provider, $service, $environment, $environmentName, $tier, $repository, $sha,
                $status, $at, $started, $finished, $deployed, $basis, $note, $at)
            """, "$id", "$provider", "$service", "$environment", "$environmentName", "$tier", "$repository", "$sha", "$status", "$at", "$started", "$finished", "$deployed", "$basis", "$note");
        using var shipped = Command(connection, transaction, "INSERT INTO ShippedCommits (DeploymentId, Sha) VALUES ($deployment, $sha)", "$deployment", "$sha");
        using var change = Command(connection, transaction, """
            INSERT INTO Changes (Title, Type, State, Outcome, Model, ServiceId, EnvironmentId, Requester, PlannedStart, PlannedEnd, CommitSha, Evidence,
                IsReceipt, RiskScore, Route, PolicyOutcome, Quorum, DeploymentId, Version, CreatedAt, UpdatedAt)
            VALUES ($title, $type, $state, $outcome, $model, $service, $environment, 'bench', $planned, $planned, $sha, '{}',
                $receipt, $risk, 'Automatic', $policy, 0, $deployment, 1, $planned, $planned)
            """, "$title", "$type", "$state", "$outcome", "$model", "$service", "$environment", "$planned", "$sha", "$receipt", "$risk", "$policy", "$deployment");
        using var changeCi = Command(connection, transaction, "INSERT INTO ChangeCis (ChangeId, CiId) VALUES (last_insert_rowid(), $ci)", "$ci");
        var span = (s_now - s_now.AddDays(-90)).TotalSeconds;
        var cis = (long)Scalar(connection, "SELECT MAX(Id) FROM ConfigurationItems");

        for (var id = 1L; id <= count; id++)
        {
            var service = serviceIds[random.Next(serviceIds.Count)];
            var toProduction = random.Next(2) == 0;
            var at = s_now.AddSeconds(-random.NextDouble() * span);
            var roll = random.Next(100);
            var status = roll switch { < 94 => "Succeeded", < 97 => "Failed", < 98 => "RolledBack", < 99 => "Cancelled", _ => "InProgress" };
            var deployed = status is "Succeeded" or "RolledBack";
            var sha = Convert.ToHexStringLower(RandomBytes(random, 20));
            var commits = deployed ? 1 + random.Next(4) : 0;
            Set(deployment, id, $"bench-{id}", service, toProduction ? production : staging, toProduction ? "production" : "staging",
                toProduction ? "Production" : "Staging", $"github.com/bench/svc-{service}", sha, status, Time(at), Time(at.AddMinutes(-4)),
                status == "InProgress" ? null : Time(at), deployed ? Time(at) : null, deployed ? "Explicit" : "None",
                deployed ? $"{commits} commits listed by the deployment event." : null);
            deployment.ExecuteNonQuery();
            for (var k = 0; k < commits; k++)
            {
                Set(shipped, id, k == 0 ? sha : Convert.ToHexStringLower(RandomBytes(random, 20)));
                shipped.ExecuteNonQuery();
            }
            if (toProduction && random.Next(5) == 0)
            {
                var emergency = random.Next(20) == 0;
                var outcome = status switch { "Failed" => "Failed", "RolledBack" => "RolledBack", "Succeeded" => "Implemented", _ => null };
                Set(change, $"Deploy svc-{service} {sha[..7]} to production", emergency ? "Emergency" : "Normal",
                    outcome is null ? "Implementation" : outcome == "Implemented" ? "Closed" : "Review", outcome, "deployment", service, production,
                    Time(at.AddMinutes(-6)), sha, 0, random.Next(101), random.Next(10) == 0 ? "AwaitApproval" : "Approve", id);
                change.ExecuteNonQuery();
            }
            if (toProduction && random.Next(50) == 0)
            {
                Set(change, $"Maintenance on CI of svc-{service}", "Normal", "Closed", "Implemented", "maintenance", service, production,
                    Time(at), null, 0, random.Next(101), "Approve", null);
                change.ExecuteNonQuery();
                Set(changeCi, 1 + random.NextInt64(cis));
                changeCi.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    private static async Task MeasureAsync(ServiceProvider provider, string database, int incidents)
    {
        var clock = Stopwatch.StartNew();
        var graph = await provider.GetRequiredService<CmdbGraph>().SnapshotAsync(default);
        await provider.GetRequiredService<ServiceCatalogIndex>().RefreshAsync(default);
        Console.WriteLine($"graph of {graph.NodeCount:N0} CIs and {graph.EdgeCount:N0} edges loaded in {clock.Elapsed.TotalMilliseconds:F0} ms");
        long deployments, changes;
        using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly"))
        {
            connection.Open();
            deployments = (long)Scalar(connection, "SELECT COUNT(*) FROM Deployments");
            changes = (long)Scalar(connection, "SELECT COUNT(*) FROM Changes");
        }
        var catalog = provider.GetRequiredService<ServiceCatalogIndex>();
        var serviceIds = Enumerable.Range(1, Services).Select(i => catalog.Find(new RecordReference(null, $"svc-{i}"))!.Id).ToArray();

        var random = new Random(20261128);
        WhatChangedQuery Incident()
        {
            var startedAt = s_now.AddSeconds(-random.NextDouble() * TimeSpan.FromDays(85).TotalSeconds);
            return random.Next(10) == 0
                ? new WhatChangedQuery([], [serviceIds[random.Next(serviceIds.Length)]], startedAt)
                : new WhatChangedQuery([graph.IdOf(random.Next(graph.NodeCount))], [], startedAt);
        }

        var first = Stopwatch.StartNew();
        await AskAsync(provider, Incident());
        Console.WriteLine($"first question (compiles the queries): {first.Elapsed.TotalMilliseconds:F1} ms");
        for (var i = 0; i < 200; i++)
            await AskAsync(provider, Incident());

        var timings = new List<double>(incidents);
        var cpu = new List<double>(incidents);
        var (suspects, reached, servicesSearched) = (0L, 0L, 0L);
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < incidents; i++)
        {
            var query = Incident();
            var (thread, cpuBefore) = (Environment.CurrentManagedThreadId, ThreadCpu.Milliseconds());
            var watch = Stopwatch.StartNew();
            var report = await AskAsync(provider, query);
            timings.Add(watch.Elapsed.TotalMilliseconds);
            if (Environment.CurrentManagedThreadId == thread)
                cpu.Add(ThreadCpu.Milliseconds() - cpuBefore);
            suspects += report.TotalSuspects;
            reached += report.CisSearched;
            servicesSearched += report.ServicesSearched;
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        timings.Sort();
        cpu.Sort();
        Console.WriteLine($"what changed? over {incidents:N0} incidents on {graph.NodeCount:N0} CIs, {deployments:N0} deployments, {changes:N0} changes (SQLite, {Environment.ProcessorCount} cores):");
        Console.WriteLine($"  p50 {Percentile(timings, 0.50):F2} ms, p95 {Percentile(timings, 0.95):F2} ms, p99 {Percentile(timings, 0.99):F2} ms, max {timings[^1]:F2} ms");
        Console.WriteLine($"  the question's own CPU time ({cpu.Count:N0} answered on one thread): p50 {Percentile(cpu, 0.50):F2} ms, p95 {Percentile(cpu, 0.95):F2} ms, p99 {Percentile(cpu, 0.99):F2} ms");
        Console.WriteLine($"  load average while measuring: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"  per incident on average: {reached / (double)incidents:F1} CIs and {servicesSearched / (double)incidents:F1} services searched, {suspects / (double)incidents:F1} suspects found, {allocated / incidents / 1024.0:F0} KiB allocated");
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"  memory: RSS {process.WorkingSet64 / 1024 / 1024:N0} MiB, managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024:N0} MiB");
    }

    private static async Task<WhatChangedReport> AskAsync(ServiceProvider provider, WhatChangedQuery query)
    {
        await using var scope = provider.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<WhatChanged>().FindAsync(query, default);
        return report.Succeeded ? report.Value : throw new InvalidOperationException(report.Error.Message);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var parameter in parameters)
            command.Parameters.Add(new SqliteParameter(parameter, null));
        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()!;
    }

    private static List<long> Ids(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>The calling thread's CPU time: what a question costs, apart from waiting for a core on a shared machine.</summary>
    private static partial class ThreadCpu
    {
        private const int ClockThreadCpuTime = 3;

        public static double Milliseconds()
        {
            _ = ClockGetTime(ClockThreadCpuTime, out var time);
            return time.Seconds * 1000.0 + time.Nanoseconds / 1_000_000.0;
        }

        [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
        private static partial int ClockGetTime(int clock, out TimeSpec time);

        private readonly struct TimeSpec
        {
            public readonly long Seconds;
            public readonly long Nanoseconds;
        }
    }
}
