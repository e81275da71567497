using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Guardrail.Bench;

/// <summary>
/// Sends signed GitHub <c>deployment_status</c> deliveries, each a deployment of its own, at a fixed concurrency; reports
/// how fast they were answered and how long until the server had processed them all, and writes the delivery ids that
/// were answered 2xx so a crash test can check every one of them afterwards.
/// </summary>
internal static class WebhookIngest
{
    public static async Task<int> SendAsync(string baseUrl, string hookPath, string secret, string adminToken, string template, int count, int concurrency, string acceptedFile)
    {
        var body = JsonNode.Parse(File.ReadAllText(template))!;
        body["deployment"]!["id"] = 900_000_000_001;
        body["deployment"]!["sha"] = "0123456789abcdef0123456789abcdef01234567";
        var text = body.ToJsonString();
        var key = Encoding.UTF8.GetBytes(secret);
        var runId = Random.Shared.Next(1_000, 9_999);

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new ConcurrentBag<double>();
        var accepted = new ConcurrentQueue<string>();
        var failures = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var deploymentId = (long)runId * 1_000_000_000 + index;
                var payload = Encoding.UTF8.GetBytes(text
                    .Replace("900000000001", deploymentId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("0123456789abcdef0123456789abcdef01234567", Convert.ToHexStringLower(SHA1.HashData(BitConverter.GetBytes(deploymentId))), StringComparison.Ordinal));
                var deliveryId = Guid.NewGuid().ToString();
                using var request = new HttpRequestMessage(HttpMethod.Post, hookPath) { Content = new ByteArrayContent(payload) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-GitHub-Event", "deployment_status");
                request.Headers.Add("X-GitHub-Delivery", deliveryId);
                request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, payload)));
                var started = clock.Elapsed.TotalMilliseconds;
                try
                {
                    using var response = await client.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        accepted.Enqueue($"{deliveryId} {deploymentId}");
                        latencies.Add(clock.Elapsed.TotalMilliseconds - started);
                    }
                    else
                        Interlocked.Increment(ref failures);
                }
                catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var sendSeconds = clock.Elapsed.TotalSeconds;
        await File.WriteAllLinesAsync(acceptedFile, accepted);
        var sorted = latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent {count} deliveries at {concurrency} connections in {sendSeconds:F1} s: {accepted.Count} answered 2xx ({accepted.Count / sendSeconds:F0}/s), {failures} failed; " +
            $"latency p50 {Percentile(sorted, 0.50):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms"));
        if (failures > 0)
            return 0;

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        while ((await client.GetStringAsync("/api/v1/deliveries?status=pending&limit=1")).Contains("\"id\":", StringComparison.Ordinal))
            await Task.Delay(50);
        var processedSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all {accepted.Count} processed {processedSeconds:F1} s after the first was sent: {accepted.Count / processedSeconds:F0} deliveries/s accepted and processed"));
        return 0;
    }

    /// <summary>After a crash and a restart: is every delivery that was answered 2xx stored once and processed once?</summary>
    public static int Verify(string database, string acceptedFile)
    {
        var accepted = File.ReadAllLines(acceptedFile).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        var stored = new Dictionary<string, (long Id, string Status)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT "DeliveryId", "Id", "Status" FROM "InboundDeliveries" WHERE "Source" = 'Github'""";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                stored[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
        }
        var statusRows = new Dictionary<long, int>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT "InboundDeliveryId", COUNT(*) FROM "DeploymentStatusChanges" WHERE "InboundDeliveryId" IS NOT NULL GROUP BY "InboundDeliveryId" """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
                statusRows[reader.GetInt64(0)] = reader.GetInt32(1);
        }
        var deployments = new HashSet<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT "ProviderDeploymentId" FROM "Deployments" WHERE "Source" = 'Github'""";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                deployments.Add(reader.GetString(0));
        }
        var missing = accepted.Keys.Count(id => !stored.ContainsKey(id));
        var unprocessed = accepted.Keys.Count(id => stored.TryGetValue(id, out var row) && row.Status != "Processed");
        var notOnce = accepted.Keys.Count(id => stored.TryGetValue(id, out var row) && statusRows.GetValueOrDefault(row.Id) != 1);
        var noDeployment = accepted.Values.Count(d => !deployments.Contains(d));
        Console.WriteLine($"answered 2xx: {accepted.Count}; stored: {accepted.Count - missing}; processed: {accepted.Count - missing - unprocessed}; " +
            $"recorded exactly once: {accepted.Count - missing - notOnce}; deployments found: {accepted.Count - noDeployment}");
        return missing + unprocessed + notOnce + noDeployment == 0 ? 0 : 1;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
