using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Guardrail.Contracts;
using Guardrail.Core;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Guardrail.Bench;

/// <summary>
/// Every figure of the organisation at the scale of issue 7 on SQLite. Generates (once, straight into the tables, as
/// <see cref="WhatChangedBench"/> does) a year of history of 5,000 services in 50 teams: production releases spread over
/// 365 days, each deployed to staging first, a few stopped by their health checks, some failing in production and then
/// rolled back, fixed forward by a hotfix under an emergency change, or restored by hand, with the incident each failure
/// caused and its confirmed cause; the commits of each release (most through a merged pull request, the rest pushed
/// straight to main) and each deployment's shipped set; gate change records for most releases; incidents on every
/// service with their priorities, SLA targets and surveys; a layered CMDB in which every service relies on two of the
/// layer below. Teams range from elite to low. Deterministic (fixed seeds; times relative to when it was generated).
/// Then the real <see cref="LeadTimeProjection"/> over the oldest deployments (the backfill, timed), the rest projected by
/// the same rule in SQL and checked against the real projection on the part it did; then
/// <see cref="MetricsEngine.ReportAsync(MetricsRequest, CancellationToken)"/> in process, a scope per run as a request has.
/// </summary>
internal static partial class MetricsBench
{
    private const int Teams = 50;
    private const int SpanDays = 365;
    private const int Runs = 10;
    private const int ColdRuns = 3;

    private static readonly string[] s_known = ["Explicit", "PushHistory", "GitHistory", "Redeploy"];

    private const string NoParent = "0000000000000000000000000000000000000000";

    public static async Task<int> RunAsync(string database, int services, int deployments, int commits, int incidents, int projectBudget)
    {
        var timings = new SqlTimings();
        await using var provider = new ServiceCollection().AddLogging()
            .AddGuardrailCore(db => db.UseGuardrailSqlite($"Data Source={database}").AddInterceptors(timings))
            .BuildServiceProvider();
        var generate = !File.Exists(database);
        await provider.GetRequiredService<StoreInitializer>().MigrateAsync(default);
        if (generate)
            await new Generator(database, services, deployments, commits, incidents, Second(TimeProvider.System.GetUtcNow().UtcDateTime)).RunAsync(provider);
        await ProjectAsync(provider, database, projectBudget);
        await MeasureAsync(provider, database, timings);
        return 0;
    }

    /// <summary>
    /// The backfill: the real projection, batch by batch as <see cref="LeadTimeProjection.ProjectAllAsync"/> runs them, over
    /// the oldest <paramref name="budget"/> deployments (all when the budget covers them), timed; the rest in SQL by the same
    /// rule, after checking that rule against what the projection wrote for the deployments it did.
    /// </summary>
    private static async Task ProjectAsync(ServiceProvider provider, string database, int budget)
    {
        using var connection = Open(database);
        var pending = (long)Scalar(connection, "SELECT COUNT(*) FROM Deployments WHERE ChangesProjectedAt IS NULL AND DeployedAt IS NOT NULL");
        if (pending == 0)
            return;
        var clock = Stopwatch.StartNew();
        var projected = 0;
        await using (var scope = provider.CreateAsyncScope())
        {
            var projection = scope.ServiceProvider.GetRequiredService<LeadTimeProjection>();
            if (budget >= pending)
                projected = await projection.ProjectAllAsync(default);
            else
                for (int batch; projected < budget && (batch = await projection.ProjectPendingAsync(default)) > 0;)
                    projected += batch;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var production = (long)Scalar(connection, "SELECT COUNT(*) FROM Deployments WHERE ChangesProjectedAt IS NOT NULL AND EnvironmentTier = 'Production'");
        var changes = (long)Scalar(connection, "SELECT COUNT(*) FROM DeliveredChanges");
        Console.WriteLine($"backfill: LeadTimeProjection projected {projected:N0} of {pending:N0} deployments ({production:N0} to production) in {seconds:F1} s: "
            + $"{projected / seconds:N0} deployments/s, {production / seconds:N0} production deployments/s, {changes:N0} delivered changes; load average {LoadAverage()}");
        if (projected >= pending)
            return;

        clock.Restart();
        Execute(connection, "CREATE TEMP TABLE RuleCheck AS SELECT * FROM DeliveredChanges WHERE 0; CREATE UNIQUE INDEX RuleCheckKey ON RuleCheck (ServiceId, Repository, Reference);");
        Execute(connection, DeliveredBySql("temp.RuleCheck", "d.ChangesProjectedAt IS NOT NULL"));
        const string columns = "ServiceId, DeploymentId, DeployedAt, Kind, Repository, Reference, FirstCommitAt, OpenedAt, MergedAt, LeadSeconds, CodingSeconds, ReviewSeconds, DeploySeconds";
        var onlyProjected = (long)Scalar(connection, $"SELECT COUNT(*) FROM (SELECT {columns} FROM DeliveredChanges EXCEPT SELECT {columns} FROM temp.RuleCheck)");
        var onlySql = (long)Scalar(connection, $"SELECT COUNT(*) FROM (SELECT {columns} FROM temp.RuleCheck EXCEPT SELECT {columns} FROM DeliveredChanges)");
        Console.WriteLine($"  the SQL rule on the same deployments: {changes:N0} rows projected, {onlyProjected:N0} of them not found by SQL, {onlySql:N0} found only by SQL");
        if (onlyProjected + onlySql > 0)
            throw new InvalidOperationException("The SQL rule disagrees with LeadTimeProjection; its figures would not be the projection's.");
        Execute(connection, "DROP TABLE temp.RuleCheck");
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, DeliveredBySql("DeliveredChanges", "d.ChangesProjectedAt IS NULL"), transaction);
            Execute(connection, $"UPDATE Deployments SET ChangesProjectedAt = '{Time(Second(TimeProvider.System.GetUtcNow().UtcDateTime))}' WHERE ChangesProjectedAt IS NULL AND DeployedAt IS NOT NULL", transaction);
            transaction.Commit();
        }
        Execute(connection, "DROP TABLE IF EXISTS BenchPullRequestCommits; PRAGMA wal_checkpoint(TRUNCATE);");
        Console.WriteLine($"  the other {pending - projected:N0} deployments by the same rule in SQL: {clock.Elapsed.TotalSeconds:F1} s, "
            + $"{(long)Scalar(connection, "SELECT COUNT(*) FROM DeliveredChanges"):N0} delivered changes in all");
    }

    /// <summary>
    /// <see cref="LeadTimeProjection"/>'s rule as SQL over the generated history: a production deployment with a known shipped
    /// set delivers each merged pull request whose merge commit it shipped (start: the pull request's first authored commit,
    /// which is the earliest of its members here) and each shipped commit that is neither such a merge nor a member of one
    /// (start: its authored time); a change keeps the first production deployment of its service that delivered it. The
    /// members come from the generator's own record of which pull request each commit was written for.
    /// </summary>
    private static string DeliveredBySql(string table, string which)
    {
        var delivering = $"""
            {which} AND d.EnvironmentTier = 'Production' AND d.DeployedAt IS NOT NULL AND d.ServiceId IS NOT NULL
              AND d.ShippedSetBasis IN ({string.Join(", ", s_known.Select(b => $"'{b}'"))})
            """;
        static string Seconds(string from, string to) => $"CAST(round((julianday({to}) - julianday({from})) * 86400) AS INTEGER)";
        return $"""
            INSERT OR IGNORE INTO {table} (ServiceId, DeploymentId, DeployedAt, Kind, Repository, Reference, Title, FirstCommitAt, OpenedAt, MergedAt,
                LeadSeconds, CodingSeconds, ReviewSeconds, DeploySeconds)
            SELECT ServiceId, DeploymentId, DeployedAt, Kind, Repository, Reference, Title, FirstCommitAt, OpenedAt, MergedAt,
                {Seconds("FirstCommitAt", "DeployedAt")}, CASE WHEN Kind = 'PullRequest' THEN {Seconds("FirstCommitAt", "OpenedAt")} END,
                {Seconds("OpenedAt", "MergedAt")}, {Seconds("MergedAt", "DeployedAt")}
            FROM (
                SELECT d.ServiceId, d.Id AS DeploymentId, d.DeployedAt, 'PullRequest' AS Kind, p.Repository, CAST(p.Number AS TEXT) AS Reference, p.Title,
                    p.FirstCommitAuthoredAt AS FirstCommitAt, p.OpenedAt, p.MergedAt, p.Number AS Position
                FROM Deployments d JOIN ShippedCommits s ON s.DeploymentId = d.Id
                JOIN PullRequests p ON p.MergeCommitSha = s.Sha AND p.Repository = d.Repository AND p.State = 'Merged'
                WHERE {delivering}
                UNION ALL
                SELECT d.ServiceId, d.Id, d.DeployedAt, 'Commit', c.Repository, c.Sha, c.Message, coalesce(c.AuthoredAt, c.CommittedAt), NULL,
                    coalesce(c.CommittedAt, c.AuthoredAt), 1000000000
                FROM Deployments d JOIN ShippedCommits s ON s.DeploymentId = d.Id
                JOIN Commits c ON c.Repository = d.Repository AND c.Sha = s.Sha
                WHERE {delivering}
                  AND NOT EXISTS (SELECT 1 FROM PullRequests p WHERE p.MergeCommitSha = s.Sha AND p.Repository = d.Repository AND p.State = 'Merged')
                  AND NOT EXISTS (SELECT 1 FROM BenchPullRequestCommits m JOIN PullRequests p ON p.Repository = m.Repository AND p.Number = m.Number
                                  JOIN ShippedCommits merge ON merge.DeploymentId = d.Id AND merge.Sha = p.MergeCommitSha
                                  WHERE m.Repository = d.Repository AND m.Sha = s.Sha)
            )
            ORDER BY DeployedAt, DeploymentId, Position, Reference
            """;
    }

    private static async Task MeasureAsync(ServiceProvider provider, string database, SqlTimings timings)
    {
        using (var connection = Open(database))
        {
            Console.WriteLine($"store: {Scalar(connection, "SELECT COUNT(*) FROM Services"):N0} services in {Scalar(connection, "SELECT COUNT(*) FROM Teams"):N0} teams, "
                + $"{Scalar(connection, "SELECT COUNT(*) FROM Deployments"):N0} deployments ({Scalar(connection, "SELECT COUNT(*) FROM Deployments WHERE EnvironmentTier = 'Production'"):N0} to production), "
                + $"{Scalar(connection, "SELECT COUNT(*) FROM Commits"):N0} commits, {Scalar(connection, "SELECT COUNT(*) FROM ShippedCommits"):N0} shipped-commit rows, "
                + $"{Scalar(connection, "SELECT COUNT(*) FROM PullRequests"):N0} pull requests, {Scalar(connection, "SELECT COUNT(*) FROM DeliveredChanges"):N0} delivered changes, "
                + $"{Scalar(connection, "SELECT COUNT(*) FROM Incidents"):N0} incidents, {Scalar(connection, "SELECT COUNT(*) FROM IncidentCauses"):N0} confirmed causes, "
                + $"{Scalar(connection, "SELECT COUNT(*) FROM Changes"):N0} change records, {Scalar(connection, "SELECT COUNT(*) FROM SurveyInvitations"):N0} surveys; "
                + $"{new FileInfo(database).Length / 1024 / 1024:N0} MiB on disk");
        }
        var first = Stopwatch.StartNew();
        var report = await ReportAsync(provider, new MetricsRequest());
        Console.WriteLine($"first report (builds the model, compiles the queries, loads the CMDB graph): {first.Elapsed.TotalMilliseconds:F0} ms");
        foreach (var figure in report.Figures)
            Console.WriteLine($"  {figure.Metric}: {Format(figure.Value)} {figure.Band} [{string.Join(", ", figure.Inputs.Select(i => $"{i.Key} {i.Value:N0}"))}]");

        var team = $"team-{Teams / 2:D2}";
        var service = BusiestService(database);
        foreach (var (label, request) in new[] { ("organisation", new MetricsRequest()), ($"team {team}", new MetricsRequest(Team: team)), ($"service {service}", new MetricsRequest(Service: service)) })
        {
            try
            {
                await ReportAsync(provider, request);
            }
            catch (DbException failure)
            {
                Console.WriteLine($"MetricsEngine.ReportAsync, {label}: FAILED: {failure.GetType().Name}: {failure.Message}");
                continue;
            }
            var wall = new List<double>();
            var cpu = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                var cpuBefore = ProcessCpuMilliseconds();
                var watch = Stopwatch.StartNew();
                await ReportAsync(provider, request);
                wall.Add(watch.Elapsed.TotalMilliseconds);
                cpu.Add(ProcessCpuMilliseconds() - cpuBefore);
            }
            wall.Sort();
            cpu.Sort();
            Console.WriteLine($"MetricsEngine.ReportAsync, {label}, default window, production, warm: p50 {Percentile(wall, 0.5):F0} ms, p95 {Percentile(wall, 0.95):F0} ms, "
                + $"max {wall[^1]:F0} ms over {Runs} runs after one warm-up (CPU time of the process per run, which a busy machine does not inflate: "
                + $"p50 {Percentile(cpu, 0.5):F0} ms, p95 {Percentile(cpu, 0.95):F0} ms); load average {LoadAverage()}");
        }

        await BreakdownAsync(provider, new MetricsRequest(), timings, "warm");
        if (DropCaches())
        {
            var cold = new List<double>();
            for (var i = 0; i < ColdRuns; i++)
            {
                DropCaches();
                var watch = Stopwatch.StartNew();
                await ReportAsync(provider, new MetricsRequest());
                cold.Add(watch.Elapsed.TotalMilliseconds);
            }
            cold.Sort();
            Console.WriteLine($"MetricsEngine.ReportAsync, organisation, cold (OS page cache dropped, SQLite connections closed; the CMDB graph stays in memory): "
                + $"{string.Join(", ", cold.Select(c => $"{c:F0} ms"))}; load average {LoadAverage()}");
            DropCaches();
            await BreakdownAsync(provider, new MetricsRequest(), timings, "cold");
        }
        else
            Console.WriteLine("cold runs skipped: /proc/sys/vm/drop_caches is not writable here (needs root outside a container)");

        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"memory: RSS {process.WorkingSet64 / 1024 / 1024:N0} MiB, managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024:N0} MiB");
    }

    private static async Task<MetricsReport> ReportAsync(ServiceProvider provider, MetricsRequest request)
    {
        await using var scope = provider.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<MetricsEngine>().ReportAsync(request, default);
        return report.Succeeded ? report.Value : throw new InvalidOperationException(report.Error.Message);
    }

    /// <summary>
    /// One organisation report taken apart the way <see cref="MetricsEngine.LoadFactsAsync"/> puts it together, each phase
    /// timed with the time of every SQL command it ran (execution and reading the rows). The engine reads the deployments,
    /// the delivered changes and the service management records at the same time on connections of their own; here they
    /// are read one after the other, each in a scope of its own, so that each one's time can be told apart.
    /// </summary>
    private static async Task BreakdownAsync(ServiceProvider provider, MetricsRequest request, SqlTimings timings, string label)
    {
        await using var scope = provider.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var options = services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        var phases = new List<(string Phase, double Ms, IReadOnlyList<(string Sql, double Ms, int Rows)> Commands)>();
        var total = Stopwatch.StartNew();
        async Task<T> Timed<T>(string phase, Func<GuardrailDb, Task<T>> work)
        {
            await using var own = provider.CreateAsyncScope();
            var db = own.ServiceProvider.GetRequiredService<GuardrailDb>();
            timings.Start();
            var watch = Stopwatch.StartNew();
            var result = await work(db);
            phases.Add((phase, watch.Elapsed.TotalMilliseconds, timings.Stop()));
            return result;
        }
        var query = (await Timed("resolve the request (scope, window, bands)", _ => services.GetRequiredService<MetricsEngine>().ResolveAsync(request, default))).Value!;
        var graph = await Timed("CMDB graph snapshot", _ => services.GetRequiredService<CmdbGraph>().SnapshotAsync(default));
        var suspecting = await Timed("DeliveryFacts.SuspectingAsync (incidents widened through the CMDB)",
            db => DeliveryFacts.SuspectingAsync(db, graph, query.Scope, query.LoadFrom, query.LoadTo, options.SuspectWindow, default));
        var delivery = await Timed("DeliveryFacts.LoadAsync (deployments, causes, rollbacks, emergencies; suspects marked)",
            db => DeliveryFacts.LoadAsync(db, Task.FromResult(suspecting), query.Scope, query.Environment, query.LoadFrom, query.LoadTo, options.SuspectWindow, default));
        var changes = await Timed("DeliveryFacts.LoadChangesAsync (delivered changes)",
            db => DeliveryFacts.LoadChangesAsync(db, query.Scope, query.Environment, query.LoadFrom, query.LoadTo, default));
        var serviceManagement = await Timed("ServiceManagementFacts.LoadAsync", db => ServiceManagementFacts.LoadAsync(db, query.Scope, query.Window, default));
        await Timed("the figures from the facts", _ => Task.FromResult(MetricsEngine.Report(query,
            new DeliveryMetrics(delivery with { Changes = changes }, query.Window, query.Periods, query.Zone, query.Bands), new ServiceManagementMetrics(serviceManagement, query.Window))));
        Console.WriteLine($"where the time goes, organisation, {label}: {total.Elapsed.TotalMilliseconds:F0} ms in all, read one after the other ({delivery.Deployments.Count:N0} deployments, "
            + $"{changes.Count:N0} changes, {serviceManagement.Incidents.Count:N0} incidents, {serviceManagement.Changes.Count:N0} change records loaded); load average {LoadAverage()}");
        foreach (var (phase, ms, commands) in phases)
        {
            Console.WriteLine($"  {ms,7:F0} ms  {phase}" + (commands.Count > 0 ? $" ({commands.Sum(c => c.Ms):F0} ms in {commands.Count} SQL commands, the rest in .NET)" : ""));
            foreach (var (sql, commandMs, rows) in commands.Where(c => c.Ms >= 5))
                Console.WriteLine($"  {commandMs,13:F0} ms  {rows,8:N0} rows  {sql}");
        }
        Console.WriteLine($"  suspects: {suspecting.Opened:N0} incident-service pairs widened through the CMDB to "
            + $"{suspecting.ByService.Values.Sum(v => v.Count):N0} on {suspecting.ByService.Count:N0} services");
    }

    private static string BusiestService(string database)
    {
        using var connection = Open(database);
        return (string)Scalar(connection, """
            SELECT s.Key FROM Deployments d JOIN Services s ON s.Id = d.ServiceId WHERE d.EnvironmentTier = 'Production'
            GROUP BY s.Key ORDER BY COUNT(*) DESC LIMIT 1
            """);
    }

    /// <summary>Empties the OS page cache and closes SQLite's pooled connections (and their page caches); false when not allowed.</summary>
    private static bool DropCaches()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Sync();
            File.WriteAllText("/proc/sys/vm/drop_caches", "3");
            return true;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "sync")]
    private static partial void Sync();

    /// <summary>Each SQL command's time from execution until its reader is disposed, while a phase is being timed.</summary>
    private sealed class SqlTimings : DbCommandInterceptor
    {
        private ConcurrentQueue<(string Sql, double Ms, int Rows)>? _commands;

        public void Start() => _commands = new();

        public IReadOnlyList<(string Sql, double Ms, int Rows)> Stop()
        {
            var commands = _commands?.ToList() ?? [];
            _commands = null;
            return commands;
        }

        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            _commands?.Enqueue((Describe(command.CommandText), eventData.Duration.TotalMilliseconds, eventData.ReadCount));
            return result;
        }

        private static string Describe(string sql)
        {
            var flat = string.Join(' ', sql.Split((char[])['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries));
            return flat.Length > 220 ? flat[..220] + "…" : flat;
        }
    }

    /// <summary>Writes the history, table by table, with prepared statements in one transaction.</summary>
    private sealed class Generator(string database, int serviceCount, int deploymentTarget, int commitTarget, int incidentTarget, DateTime now)
    {
        private Random _random = new(20261127);
        private readonly DateTime _start = now.AddDays(-SpanDays);
        private long _deploymentId;
        private long _changeId;
        private long _incidentId;
        private bool _dryRun;
        private readonly RecordOrder _deployments = new();
        private readonly RecordOrder _changes = new();
        private readonly RecordOrder _incidents = new();
        private long _commits;
        private long _pullRequests;
        private long _causes;
        private long _pushes;
        private long _rollbacks;
        private long _hotfixes;
        private long _attemptsStopped;
        private SqliteConnection _connection = null!;
        private SqliteTransaction _transaction = null!;
        private Statements _sql = null!;

        public async Task RunAsync(ServiceProvider provider)
        {
            var clock = Stopwatch.StartNew();
            await using (var scope = provider.CreateAsyncScope())
            {
                var registry = scope.ServiceProvider;
                for (var t = 1; t <= Teams; t++)
                    await registry.GetRequiredService<TeamDirectory>().CreateAsync(new TeamRequest($"team-{t:D2}", $"Team {t}"), Actor.System, default);
                await registry.GetRequiredService<EnvironmentRegistry>().CreateAsync(new EnvironmentRequest("production", "Production", "production"), Actor.System, default);
                await registry.GetRequiredService<EnvironmentRegistry>().CreateAsync(new EnvironmentRequest("staging", "Staging", "staging"), Actor.System, default);
            }
            _connection = new SqliteConnection($"Data Source={database};Pooling=False");
            _connection.Open();
            Execute(_connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000;");
            var teamIds = Ids("SELECT Id FROM Teams ORDER BY Key");
            var production = Ids("SELECT Id FROM Environments WHERE Key = 'production'")[0];
            var staging = Ids("SELECT Id FROM Environments WHERE Key = 'staging'")[0];
            var services = WriteServices(teamIds);
            Console.Error.WriteLine($"{services.Count:N0} services in {Teams} teams with their CMDB, {clock.Elapsed.TotalSeconds:F1} s");

            _transaction = _connection.BeginTransaction();
            _sql = new Statements(_connection, _transaction);
            // A Guardrail store numbers deployments, changes and incidents as they happen, so a window's records lie together.
            // The history is written service by service, so a first pass writes nothing and only notes when each record
            // happens; the second, from the same random state, writes them under the ids that order gives.
            var historySeed = _random.Next();
            _dryRun = true;
            WriteHistories(services, historySeed, production, staging);
            _deployments.Number();
            _changes.Number();
            _incidents.Number();
            Console.Error.WriteLine($"records numbered in time order, {clock.Elapsed.TotalSeconds:F1} s");
            _dryRun = false;
            WriteHistories(services, historySeed, production, staging);
            _transaction.Commit();
            Console.Error.WriteLine($"{_incidentId:N0} incidents in all, {clock.Elapsed.TotalSeconds:F1} s");
            // No ANALYZE: a Guardrail store has no statistics, and the reads must find their indexes without them. VACUUM lays the
            // tables' pages out in id order, as rows appended over a year would be.
            Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;");
            Console.Error.WriteLine($"vacuumed, {clock.Elapsed.TotalSeconds:F1} s");
            _connection.Dispose();
            Console.WriteLine($"generated in {clock.Elapsed.TotalSeconds:F0} s over {SpanDays} days up to {now:u}: {_deploymentId:N0} deployments "
                + $"({_rollbacks:N0} rollbacks, {_hotfixes:N0} hotfixes, {_attemptsStopped:N0} production attempts stopped by their checks), {_commits:N0} commits, "
                + $"{_pullRequests:N0} pull requests, {_pushes:N0} pushes, {_changeId:N0} change records, {_incidentId:N0} incidents, {_causes:N0} confirmed causes");
        }

        private void WriteHistories(List<ServiceRow> services, int seed, long production, long staging)
        {
            _random = new Random(seed);
            (_deploymentId, _changeId, _incidentId, _commits, _pullRequests, _causes, _pushes, _rollbacks, _hotfixes, _attemptsStopped) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            // Releases: two deployments each (staging, production), a few more for the rollbacks and hotfixes; the commits are shared out to match.
            var releases = (int)(deploymentTarget / 2.07);
            var totalWeight = services.Sum(s => s.Weight);
            var commitsPerRelease = commitTarget / (double)releases;
            foreach (var service in services)
                WriteHistory(service, (int)Math.Round(releases * service.Weight / totalWeight), commitsPerRelease, production, staging);
            WriteOtherIncidents(services);
        }

        /// <summary>When each record of one kind happens, in the order the generator makes them; then the id each gets in time order.</summary>
        private sealed class RecordOrder
        {
            private readonly List<DateTime> _times = [];
            private long[]? _ids;

            /// <summary>The id of the <paramref name="made"/>-th record (from 1), which happens at <paramref name="at"/>.</summary>
            public long IdOf(long made, DateTime at)
            {
                if (_ids is not null)
                    return _ids[made - 1];
                _times.Add(at);
                return made;
            }

            public void Number()
            {
                _ids = new long[_times.Count];
                var order = Enumerable.Range(0, _times.Count).OrderBy(i => _times[i]).ThenBy(i => i).ToArray();
                for (var rank = 0; rank < order.Length; rank++)
                    _ids[order[rank]] = rank + 1;
            }
        }

        private void Run(SqliteCommand command)
        {
            if (!_dryRun)
                command.ExecuteNonQuery();
        }

        private sealed record ServiceRow(long Id, string Key, long TeamId, Profile Profile, double Weight, string Criticality);

        /// <summary>How a team works: from elite (q = 0) to low (q = 1).</summary>
        private sealed record Profile(double CodingHours, double WaitHours, double FailureShare, double RecoveryHours)
        {
            public static Profile Of(double q) => new(2 + 150 * q * q, 0.5 + 60 * q * q, 0.02 + 0.18 * Math.Pow(q, 1.5), 0.4 + 48 * q * q);
        }

        private List<ServiceRow> WriteServices(List<long> teamIds)
        {
            var rows = new List<ServiceRow>();
            using (var transaction = _connection.BeginTransaction())
            {
                using var insert = Command(_connection, transaction, """
                    INSERT INTO Services (Id, Key, Name, Kind, Criticality, OwnerTeamId, Version, CreatedAt, UpdatedAt)
                    VALUES ($id, $key, $name, 'Technical', $criticality, $team, 1, $at, $at)
                    """, "$id", "$key", "$name", "$criticality", "$team", "$at");
                using var ci = Command(_connection, transaction, """
                    INSERT INTO ConfigurationItems (Id, "Key", Class, Name, Scope, Status, IsManual, ServiceId, Attributes, Version, CreatedAt, UpdatedAt, RetiredAt)
                    VALUES ($id, $key, 'Workload', $name, 'bench', 'Active', 0, $id, '{}', 1, $at, $at, NULL)
                    """, "$id", "$key", "$name", "$at");
                using var relationship = Command(_connection, transaction, """
                    INSERT INTO CiRelationships (FromCiId, Type, ToCiId, ImportScope, Evidence, Status, CreatedAt, RetiredAt, Version)
                    VALUES ($from, 'DependsOn', $to, 'bench:graph', NULL, 'Active', $at, NULL, 1)
                    """, "$from", "$to", "$at");
                // Layers from the bottom: data stores, platform, domain services, APIs, front ends; each relies on two of the layer below.
                int[] layerEnds = [serviceCount / 50, serviceCount / 10, serviceCount * 3 / 10, serviceCount * 6 / 10, serviceCount];
                for (var i = 1; i <= serviceCount; i++)
                {
                    var team = (i - 1) % Teams;
                    var q = team / (double)(Teams - 1);
                    var weight = (3 - 2.5 * q) * Math.Exp(0.7 * Normal());
                    var criticality = $"Tier{1 + i % 4}";
                    var key = $"svc-{i:D4}";
                    Set(insert, i, key, $"Service {i}", criticality, teamIds[team], Time(_start));
                    insert.ExecuteNonQuery();
                    Set(ci, i, $"bench:{key}", key, Time(_start));
                    ci.ExecuteNonQuery();
                    var layer = Array.FindIndex(layerEnds, end => i <= end);
                    if (layer > 0)
                        for (var k = 0; k < 2; k++)
                        {
                            var below = layer == 1 ? 1 : layerEnds[layer - 2] + 1;
                            Set(relationship, i, below + _random.Next(layerEnds[layer - 1] - below + 1), Time(_start));
                            relationship.ExecuteNonQuery();
                        }
                    rows.Add(new ServiceRow(i, key, teamIds[team], Profile.Of(q), weight, criticality));
                }
                transaction.Commit();
            }
            Execute(_connection, "CREATE TABLE IF NOT EXISTS BenchPullRequestCommits (Repository TEXT NOT NULL, Sha TEXT NOT NULL, Number INTEGER NOT NULL, PRIMARY KEY (Repository, Sha))");
            return rows;
        }

        /// <summary>One service's releases in time order, each with what happened to it.</summary>
        private void WriteHistory(ServiceRow service, int releaseCount, double commitsPerRelease, long production, long staging)
        {
            var repository = $"bench/{service.Key}";
            var times = Enumerable.Range(0, releaseCount).Select(_ => Second(_start.AddSeconds(_random.NextDouble() * SpanDays * 86400))).Order().ToList();
            // Half an hour at least between two releases of a service, so a failure has room to be recovered before the next.
            for (var i = 1; i < times.Count; i++)
                if (times[i] < times[i - 1].AddMinutes(30))
                    times[i] = times[i - 1].AddMinutes(30);
            times.RemoveAll(t => t >= now);
            var queue = new LinkedList<(DateTime At, Failure? Fixes)>(times.Select(t => (t, (Failure?)null)));
            var main = Sha();
            var live = main;
            var number = 0;
            long? previousProduction = null, previousStaging = null;
            var waiting = new List<string>();
            for (var node = queue.First; node is not null; node = node.Next)
            {
                var (at, fixes) = node.Value;
                var profile = service.Profile;
                var hotfix = fixes is not null;
                // Commits: a pull request of several (its branch, from what is live, and its merge), or a few pushed straight to main.
                var count = Math.Max(1, (int)Math.Round(commitsPerRelease * (0.25 + _random.NextDouble() * 1.5)));
                var own = new List<string>();
                if (hotfix || (count >= 2 && _random.NextDouble() < 0.85))
                {
                    count = hotfix ? 2 : count;
                    var mergedAt = Second(hotfix ? at.AddMinutes(-Math.Max(4, (at - fixes!.DeployedAt).TotalMinutes / 3)) : at.AddHours(-Math.Max(0.2, profile.WaitHours * Spread())));
                    var first = Second(hotfix ? mergedAt.AddMinutes(-Math.Max(2, (mergedAt - fixes!.DeployedAt).TotalMinutes / 2)) : mergedAt.AddHours(-profile.CodingHours * Spread()));
                    var opened = Second(first + (mergedAt - first) * 0.6);
                    var parent = live;
                    number++;
                    for (var c = 0; c < count - 1; c++)
                    {
                        var sha = Sha();
                        WriteCommit(repository, sha, Second(first + (opened - first) * (c / (double)Math.Max(1, count - 2))), parent, $"Work on change {number}");
                        Set(_sql.Member, repository, sha, number);
                        Run(_sql.Member);
                        own.Add(sha);
                        parent = sha;
                    }
                    WritePush(repository, $"refs/heads/change-{number}", NoParent, own, opened);
                    var merge = Sha();
                    WriteCommit(repository, merge, mergedAt, $"{main} {parent}", $"Merge pull request #{number}");
                    own.Add(merge);
                    WritePush(repository, "refs/heads/main", main, own, mergedAt);
                    Set(_sql.PullRequest, repository, number, hotfix ? $"Hotfix {number}" : $"Change {number}", Time(opened), Time(mergedAt), merge, parent, Time(first));
                    Run(_sql.PullRequest);
                    _pullRequests++;
                    main = merge;
                }
                else
                {
                    var pushedAt = Second(at.AddHours(-Math.Max(0.2, profile.WaitHours * Spread())));
                    var pushedOnto = main;
                    for (var c = 0; c < count; c++)
                    {
                        var sha = Sha();
                        WriteCommit(repository, sha, Second(pushedAt.AddHours(-profile.CodingHours * Spread() / 4)), main, $"Direct change {sha[..7]}");
                        own.Add(sha);
                        main = sha;
                    }
                    WritePush(repository, "refs/heads/main", pushedOnto, own, pushedAt);
                }

                var stagingAt = Second(hotfix ? at.AddMinutes(-2) : at.AddMinutes(-20 - _random.Next(40)));
                previousStaging = WriteDeployment(service, repository, staging, "staging", "Staging", main, "Succeeded", stagingAt, previousStaging, own);

                var stopped = !hotfix && _random.NextDouble() < 0.02;
                var change = hotfix || _random.NextDouble() < 0.6 ? _changes.IdOf(++_changeId, at) : (long?)null;
                if (stopped)
                {
                    _attemptsStopped++;
                    waiting.AddRange(own);
                    var attempt = WriteDeployment(service, repository, production, "production", "Production", main, "Failed", at, null, []);
                    if (change is { } stoppedChange)
                        WriteChange(stoppedChange, service, production, main, at, attempt, "Failed", emergency: false);
                    continue;
                }
                var shipped = waiting.Concat(own).ToList();
                waiting.Clear();
                var deployment = WriteDeployment(service, repository, production, "production", "Production", main, "Succeeded", at, previousProduction, shipped);
                previousProduction = deployment;
                var before = live;
                live = main;
                var failed = !hotfix && _random.NextDouble() < profile.FailureShare;
                if (change is { } id)
                    WriteChange(id, service, production, main, at, deployment, failed ? "Failed" : "Implemented", hotfix);
                if (fixes is not null)
                {
                    // Half the responders record the hotfix as remediating the failed deployment; the other half leave it an emergency change.
                    WriteIncident(service, fixes.IncidentPriority, fixes.IncidentAt, Second(at.AddMinutes(2 + _random.Next(8))), fixes.Deployment, fixes.Change,
                        remedy: _random.NextDouble() < 0.5 ? deployment : null);
                    _hotfixes++;
                }
                if (!failed)
                    continue;

                var next = node.Next?.Value.At;
                var recovery = TimeSpan.FromHours(profile.RecoveryHours * Spread());
                if (next is { } nextAt && at + recovery > nextAt.AddMinutes(-10))
                    recovery = (nextAt - at) * 0.7;
                var incidentAt = Second(at + recovery * 0.1 + TimeSpan.FromMinutes(1 + _random.Next(5)));
                var priority = _random.NextDouble() < 0.3 ? "P1" : "P2";
                var restoredAt = Second(at + recovery);
                var kind = _random.NextDouble();
                if (restoredAt >= now)
                    WriteIncident(service, priority, incidentAt, null, deployment, change, remedy: null);
                else if (kind < 0.4)
                {
                    // The CD tool puts what was live before back; the next release ships these commits again.
                    var rollback = WriteDeployment(service, repository, production, "production", "Production", before, "RolledBack", restoredAt, deployment, []);
                    _rollbacks++;
                    previousProduction = rollback;
                    live = before;
                    waiting.AddRange(shipped);
                    WriteIncident(service, priority, incidentAt, Second(restoredAt.AddMinutes(2 + _random.Next(8))), deployment, change, remedy: null);
                }
                else if (kind < 0.7)
                    queue.AddAfter(node, (restoredAt, new Failure(deployment, change, at, incidentAt, priority)));
                else
                    WriteIncident(service, priority, incidentAt, restoredAt, deployment, change, remedy: null);
            }
        }

        /// <summary>A failed production deployment waiting for the hotfix that fixes it forward.</summary>
        private sealed record Failure(long Deployment, long? Change, DateTime DeployedAt, DateTime IncidentAt, string IncidentPriority);

        private long WriteDeployment(ServiceRow service, string repository, long environment, string environmentName, string tier, string sha, string status, DateTime at,
            long? previous, List<string> shipped)
        {
            var id = _deployments.IdOf(++_deploymentId, at);
            var deployed = status is "Succeeded" or "RolledBack";
            // As ShippedSets decides: nothing to count from on a first deployment, no history back from a rollback, none for an attempt.
            var basis = !deployed ? "None" : previous is null || status == "RolledBack" ? "Unknown" : "PushHistory";
            Set(_sql.Deployment, id, $"bench-{id}", service.Id, environment, environmentName, tier, repository, sha, status, Time(at), Time(at.AddMinutes(-4)), Time(at),
                deployed ? Time(at) : null, basis, basis == "PushHistory" ? $"{shipped.Count} commits from the pushes." : null, deployed ? previous : null);
            Run(_sql.Deployment);
            if (basis == "PushHistory")
                foreach (var commit in shipped.Distinct())
                {
                    Set(_sql.Shipped, id, commit);
                    Run(_sql.Shipped);
                }
            return id;
        }

        /// <summary>A push as GitHub reports it, so shipped sets and pull requests' commits are found the way the inbox records them.</summary>
        private void WritePush(string repository, string reference, string before, List<string> commits, DateTime pushedAt)
        {
            var id = ++_pushes;
            Set(_sql.Push, id, repository, reference, before, commits[^1], Time(pushedAt));
            Run(_sql.Push);
            for (var position = 0; position < commits.Count; position++)
            {
                Set(_sql.PushCommit, id, position, commits[position]);
                Run(_sql.PushCommit);
            }
        }

        private void WriteCommit(string repository, string sha, DateTime authoredAt, string parents, string message)
        {
            Set(_sql.Commit, repository, sha, Time(authoredAt), Time(authoredAt.AddMinutes(_random.Next(30))), message, parents);
            Run(_sql.Commit);
            _commits++;
        }

        /// <summary>A gate change: decided automatically, by the service owner or by the CAB, closed with the deployment's outcome.</summary>
        private void WriteChange(long id, ServiceRow service, long environment, string sha, DateTime deployedAt, long deployment, string outcome, bool emergency)
        {
            var roll = _random.NextDouble();
            var (type, route, quorum, waitHours) = emergency ? ("Emergency", "Cab", 1, 0.1 * Spread())
                : roll < 0.35 ? ("Standard", "Automatic", 0, 0.0)
                : roll < 0.75 ? ("Normal", "ServiceOwner", 1, 2 * Spread())
                : ("Normal", "Cab", 2, 20 * Spread());
            var decidedAt = Second(deployedAt.AddMinutes(-10));
            var createdAt = Second(decidedAt.AddHours(-waitHours));
            // A failed change closes after its review, two days on; an emergency one after the review the next day.
            var closedAt = outcome == "Failed" ? deployedAt.AddDays(2) : emergency ? deployedAt.AddDays(1) : deployedAt;
            var closed = closedAt < now;
            Set(_sql.Change, id, $"Deploy {service.Key} {sha[..7]} to production", type, closed ? "Closed" : "Review", outcome, service.Id, environment, Time(deployedAt),
                sha, _random.Next(101), route, route == "Automatic" ? "Approve" : "AwaitApproval", quorum, Time(decidedAt), deployment, Time(createdAt),
                Time(closed ? closedAt : deployedAt), closed ? Time(closedAt) : null);
            Run(_sql.Change);
        }

        private static readonly string[] s_priorities = ["P1", "P2", "P3", "P4", "P5"];
        private static readonly double[] s_responseMinutes = [15, 30, 60, 240, 480];
        private static readonly double[] s_resolutionHours = [4, 8, 24, 72, 168];

        /// <summary>The incidents not caused by a release, on services across the organisation, until there are as many as asked for.</summary>
        private void WriteOtherIncidents(List<ServiceRow> services)
        {
            var cumulative = new double[services.Count];
            var sum = 0.0;
            for (var i = 0; i < services.Count; i++)
                cumulative[i] = sum += 0.5 + services[i].Weight;
            while (_incidentId < incidentTarget)
            {
                var index = Array.BinarySearch(cumulative, _random.NextDouble() * sum);
                var service = services[index < 0 ? ~index : index];
                var roll = _random.NextDouble();
                var priority = roll < 0.02 ? 0 : roll < 0.12 ? 1 : roll < 0.5 ? 2 : roll < 0.9 ? 3 : 4;
                var startedAt = Second(_start.AddSeconds(_random.NextDouble() * SpanDays * 86400));
                var resolvedAt = Second(startedAt.AddHours(s_resolutionHours[priority] * 0.45 * Math.Exp(0.9 * Normal())));
                WriteIncident(service, s_priorities[priority], startedAt, resolvedAt < now ? resolvedAt : null, null, null, null);
            }
        }

        private void WriteIncident(ServiceRow service, string priority, DateTime startedAt, DateTime? resolvedAt, long? causedBy, long? change, long? remedy)
        {
            var id = _incidents.IdOf(++_incidentId, startedAt);
            var p = Array.IndexOf(s_priorities, priority);
            var openedAt = Second(startedAt.AddMinutes(1 + _random.Next(10)));
            var acknowledgedAt = Second(openedAt.AddMinutes(s_responseMinutes[p] * 0.3 * Math.Exp(0.8 * Normal())));
            if (resolvedAt is { } resolved && acknowledgedAt >= resolved)
                acknowledgedAt = Second(openedAt + (resolved - openedAt) / 2);
            if (resolvedAt is { } early && early <= openedAt)
                resolvedAt = openedAt.AddMinutes(1);
            var responseDue = openedAt.AddMinutes(s_responseMinutes[p]);
            var resolutionDue = openedAt.AddHours(s_resolutionHours[p]);
            var state = resolvedAt is not { } at ? "InProgress" : at < now.AddDays(-3) ? "Closed" : "Resolved";
            var resolutionSla = resolvedAt is { } done ? (done <= resolutionDue ? "Met" : "Breached") : now > resolutionDue ? "Breached" : "Within";
            var (impact, urgency) = p switch { 0 => ("High", "High"), 1 => ("High", "Medium"), 2 => ("Medium", "Medium"), 3 => ("Low", "Medium"), _ => ("Low", "Low") };
            var fromServiceDesk = _random.NextDouble() < 0.6;
            Set(_sql.Incident, id, $"{service.Key}: {(causedBy is null ? "degraded" : "errors after a release")}", impact, urgency, priority, state,
                p == 0 && _random.NextDouble() < 0.5 ? 1 : 0, service.TeamId, fromServiceDesk ? "Service desk" : "system:alertmanager",
                fromServiceDesk ? "servicedesk@bench.example" : null, Time(startedAt), Time(openedAt), Time(acknowledgedAt), resolvedAt is { } r ? Time(r) : null,
                state == "Closed" ? Time(resolvedAt!.Value.AddDays(1)) : null, Time(responseDue), acknowledgedAt <= responseDue ? "Met" : "Breached",
                Time(resolutionDue), resolutionSla, Time(resolvedAt ?? acknowledgedAt));
            Run(_sql.Incident);
            Set(_sql.IncidentService, id, service.Id);
            Run(_sql.IncidentService);
            if (causedBy is not null)
            {
                Set(_sql.Cause, id, causedBy, change, Time(acknowledgedAt.AddMinutes(20)), remedy);
                Run(_sql.Cause);
                _causes++;
            }
            if (resolvedAt is { } sent && fromServiceDesk)
            {
                var answered = _random.NextDouble() < 0.45 && sent.AddHours(6) < now;
                Set(_sql.Survey, id, Time(sent), Time(sent.AddDays(7)), answered ? Time(sent.AddHours(6)) : null, answered ? 1 + _random.Next(5) : null);
                Run(_sql.Survey);
            }
        }

        private double Spread() => 0.3 + _random.NextDouble() * 1.4;

        private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

        private string Sha()
        {
            Span<byte> bytes = stackalloc byte[20];
            _random.NextBytes(bytes);
            return Convert.ToHexStringLower(bytes);
        }

        private List<long> Ids(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var ids = new List<long>();
            while (reader.Read())
                ids.Add(reader.GetInt64(0));
            return ids;
        }
    }

    private sealed class Statements(SqliteConnection connection, SqliteTransaction transaction)
    {
        public SqliteCommand Deployment { get; } = Command(connection, transaction, """
            INSERT INTO Deployments (Id, Source, ProviderDeploymentId, ServiceId, EnvironmentId, EnvironmentName, EnvironmentTier, Repository, CommitSha,
                Status, StatusAt, StartedAt, FinishedAt, DeployedAt, ShippedSetBasis, ShippedSetNote, PreviousDeploymentId, UpdatedAt)
            VALUES ($id, 'Github', $provider, $service, $environment, $environmentName, $tier, $repository, $sha,
                $status, $at, $started, $finished, $deployed, $basis, $note, $previous, $at)
            """, "$id", "$provider", "$service", "$environment", "$environmentName", "$tier", "$repository", "$sha", "$status", "$at", "$started", "$finished", "$deployed", "$basis", "$note", "$previous");

        public SqliteCommand Shipped { get; } = Command(connection, transaction, "INSERT INTO ShippedCommits (DeploymentId, Sha) VALUES ($deployment, $sha)", "$deployment", "$sha");

        public SqliteCommand Commit { get; } = Command(connection, transaction, """
            INSERT INTO Commits (Repository, Sha, AuthoredAt, AuthoredOffsetMinutes, CommittedAt, Author, Message, Parents)
            VALUES ($repository, $sha, $authored, 0, $committed, 'Bench Engineer', $message, $parents)
            """, "$repository", "$sha", "$authored", "$committed", "$message", "$parents");

        public SqliteCommand Push { get; } = Command(connection, transaction, """
            INSERT INTO Pushes (Id, Repository, Ref, Before, After, Forced, CommitsComplete, PushedAt, InboundDeliveryId)
            VALUES ($id, $repository, $ref, $before, $after, 0, 1, $at, 0)
            """, "$id", "$repository", "$ref", "$before", "$after", "$at");

        public SqliteCommand PushCommit { get; } = Command(connection, transaction, "INSERT INTO PushCommits (PushId, Position, Sha) VALUES ($push, $position, $sha)", "$push", "$position", "$sha");

        public SqliteCommand Member { get; } = Command(connection, transaction, "INSERT INTO BenchPullRequestCommits (Repository, Sha, Number) VALUES ($repository, $sha, $number)", "$repository", "$sha", "$number");

        public SqliteCommand PullRequest { get; } = Command(connection, transaction, """
            INSERT INTO PullRequests (Repository, Number, Title, State, Author, OpenedAt, OpenedOffsetMinutes, MergedAt, ClosedAt, MergeCommitSha, HeadSha, BaseRef, Url,
                FirstCommitAuthoredAt, UpdatedAt)
            VALUES ($repository, $number, $title, 'Merged', 'bench-engineer', $opened, 0, $merged, $merged, $merge, $head, 'main', NULL, $first, $merged)
            """, "$repository", "$number", "$title", "$opened", "$merged", "$merge", "$head", "$first");

        public SqliteCommand Change { get; } = Command(connection, transaction, """
            INSERT INTO Changes (Id, Title, Type, State, Outcome, Model, ServiceId, EnvironmentId, Requester, PlannedStart, PlannedEnd, CommitSha, Evidence,
                IsReceipt, RiskScore, Route, PolicyOutcome, Quorum, DecidedAt, DeploymentId, Version, CreatedAt, UpdatedAt, ClosedAt)
            VALUES ($id, $title, $type, $state, $outcome, 'deployment', $service, $environment, 'bench', $planned, $planned, $sha, '{}',
                0, $risk, $route, $policy, $quorum, $decided, $deployment, 1, $created, $updated, $closed)
            """, "$id", "$title", "$type", "$state", "$outcome", "$service", "$environment", "$planned", "$sha", "$risk", "$route", "$policy", "$quorum", "$decided", "$deployment", "$created", "$updated", "$closed");

        public SqliteCommand Incident { get; } = Command(connection, transaction, """
            INSERT INTO Incidents (Id, Title, Impact, Urgency, Priority, PrioritySource, State, IsMajor, TeamId, ReporterName, ReporterEmail, StartedAt, OpenedAt,
                AcknowledgedAt, ResolvedAt, ClosedAt, ResponseDueAt, ResponseSla, ResolutionDueAt, ResolutionSla, Version, UpdatedAt)
            VALUES ($id, $title, $impact, $urgency, $priority, 'Matrix', $state, $major, $team, $reporter, $email, $started, $opened,
                $acknowledged, $resolved, $closed, $responseDue, $responseSla, $resolutionDue, $resolutionSla, 1, $updated)
            """, "$id", "$title", "$impact", "$urgency", "$priority", "$state", "$major", "$team", "$reporter", "$email", "$started", "$opened",
            "$acknowledged", "$resolved", "$closed", "$responseDue", "$responseSla", "$resolutionDue", "$resolutionSla", "$updated");

        public SqliteCommand IncidentService { get; } = Command(connection, transaction, "INSERT INTO IncidentServices (IncidentId, ServiceId) VALUES ($incident, $service)", "$incident", "$service");

        public SqliteCommand Cause { get; } = Command(connection, transaction, """
            INSERT INTO IncidentCauses (IncidentId, DeploymentId, ChangeId, ConfirmedBy, ConfirmedAt, Note, RemediatedByDeploymentId)
            VALUES ($incident, $deployment, $change, 'user:bench', $at, NULL, $remedy)
            """, "$incident", "$deployment", "$change", "$at", "$remedy");

        public SqliteCommand Survey { get; } = Command(connection, transaction, """
            INSERT INTO SurveyInvitations (IncidentId, Recipient, SentAt, ExpiresAt, AnsweredAt, Rating, MailAttempts)
            VALUES ($incident, 'servicedesk@bench.example', $sent, $expires, $answered, $rating, 0)
            """, "$incident", "$sent", "$expires", "$answered", "$rating");
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "-";

    private static double ProcessCpuMilliseconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static DateTime Second(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        return connection;
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

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    private static object Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return command.ExecuteScalar()!;
    }
}
