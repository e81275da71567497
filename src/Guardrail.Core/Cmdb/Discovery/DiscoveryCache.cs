using System.ComponentModel.DataAnnotations;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Guardrail.Core.Common;
using Microsoft.Extensions.Options;

namespace Guardrail.Core.Cmdb.Discovery;

public sealed class DiscoveryCacheOptions
{
    public const string SectionName = "DiscoveryCache";

    /// <summary>How many records (CIs, relationships, links, unresolved references, warnings) the kept results may hold in all; 0 keeps none.</summary>
    [Range(0, 10_000_000)]
    public int Records { get; set; } = 500_000;

    /// <summary>How long a result is kept after it was last used.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTime { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// The last discovery result of each import scope, by the digest of the documents it was read from. The adapters are pure
/// functions of their documents and the scope, so when a pipeline posts the same manifests or state again (most post them
/// on every run) the parse is skipped and the result reused; reconciliation still runs in full against the CMDB as it is
/// now, so a re-import answers exactly what a fresh parse would. A kept result is shared by the requests that reuse it,
/// which only read it. Two requests that miss at once both parse; the later result is kept.
/// </summary>
public sealed class DiscoveryCache : IDisposable
{
    private sealed class Entry(byte[] digest, DiscoveryResult result, DateTimeOffset usedAt)
    {
        public byte[] Digest { get; } = digest;

        public DiscoveryResult Result { get; } = result;

        public int Records { get; } = result.Items.Count + result.Relationships.Count + result.Links.Count + result.Unresolved.Count + result.Warnings.Count;

        public DateTimeOffset UsedAt { get; set; } = usedAt;
    }

    private readonly IOptions<DiscoveryCacheOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ITimer _sweeper;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Source, string Scope), Entry> _entries = [];

    public DiscoveryCache(IOptions<DiscoveryCacheOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        var idle = options.Value.IdleTime;
        _sweeper = clock.CreateTimer(_ => DropIdle(clock.GetUtcNow()), null, idle, idle);
    }

    /// <summary>Discovers <paramref name="documents"/> of <paramref name="source"/> for <paramref name="scope"/>, or reuses the result of the same documents.</summary>
    public Result<DiscoveryResult> Discover(string source, IReadOnlyList<SourceDocument> documents, string scope)
    {
        if (_options.Value.Records == 0)
            return DiscoverySources.Discover(source, documents, scope);

        var digest = Digest(source, scope, documents);
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue((source, scope), out var kept) && kept.Digest.AsSpan().SequenceEqual(digest) && !IsIdle(kept, now))
            {
                kept.UsedAt = now;
                return kept.Result;
            }
        }

        var discovered = DiscoverySources.Discover(source, documents, scope);
        if (discovered.Succeeded)
            Keep(source, scope, new Entry(digest, discovered.Value, now));
        return discovered;
    }

    public void Dispose() => _sweeper.Dispose();

    private void Keep(string source, string scope, Entry entry)
    {
        var budget = _options.Value.Records;
        lock (_lock)
        {
            _entries.Remove((source, scope));
            DropIdleLocked(entry.UsedAt);
            if (entry.Records > budget)
                return;
            var held = _entries.Values.Sum(e => e.Records);
            foreach (var (key, oldest) in _entries.OrderBy(e => e.Value.UsedAt).ToList())
            {
                if (held + entry.Records <= budget)
                    break;
                _entries.Remove(key);
                held -= oldest.Records;
            }
            _entries[(source, scope)] = entry;
        }
    }

    private void DropIdle(DateTimeOffset now)
    {
        lock (_lock)
            DropIdleLocked(now);
    }

    private void DropIdleLocked(DateTimeOffset now)
    {
        foreach (var idle in _entries.Where(e => IsIdle(e.Value, now)).Select(e => e.Key).ToList())
            _entries.Remove(idle);
    }

    private bool IsIdle(Entry entry, DateTimeOffset now) => now - entry.UsedAt > _options.Value.IdleTime;

    /// <summary>SHA-256 over the source, the scope and every document's name and text, each preceded by its length so no two inputs run together.</summary>
    private static byte[] Digest(string source, string scope, IReadOnlyList<SourceDocument> documents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, source);
        Append(hash, scope);
        foreach (var document in documents)
        {
            Append(hash, document.Name);
            Append(hash, document.Content);
        }
        return hash.GetHashAndReset();
    }

    private static void Append(IncrementalHash hash, string text)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(length, text.Length);
        hash.AppendData(length);
        hash.AppendData(MemoryMarshal.AsBytes(text.AsSpan()));
    }
}
