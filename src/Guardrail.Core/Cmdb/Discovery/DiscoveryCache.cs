using System.ComponentModel.DataAnnotations;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Guardrail.Core.Common;
using Microsoft.Extensions.Options;

namespace Guardrail.Core.Cmdb.Discovery;

public sealed class DiscoveryCacheOptions
{
    public const string SectionName = "DiscoveryCache";

    /// <summary>How many CIs and relationships the kept results may hold in all; 0 keeps none.</summary>
    [Range(0, 10_000_000)]
    public int Records { get; set; } = 500_000;

    /// <summary>How long a result is kept after it was last used.</summary>
    [Range(1, 24 * 60)]
    public int IdleMinutes { get; set; } = 30;
}

/// <summary>
/// The last discovery result of each import scope, by the digest of the documents it was read from. The adapters are pure
/// functions of their documents and the scope, so when a pipeline posts the same manifests or state again (most post them
/// on every run) the parse is skipped and the result reused; reconciliation still runs in full against the CMDB as it is
/// now, so a re-import answers exactly what a fresh parse would. Results are kept within a record budget and for a while.
/// </summary>
public sealed class DiscoveryCache(IOptions<DiscoveryCacheOptions> options, TimeProvider clock)
{
    private sealed class Entry(byte[] digest, DiscoveryResult result, DateTimeOffset usedAt)
    {
        public byte[] Digest { get; } = digest;

        public DiscoveryResult Result { get; } = result;

        public int Records { get; } = result.Items.Count + result.Relationships.Count;

        public DateTimeOffset UsedAt { get; set; } = usedAt;
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Source, string Scope), Entry> _entries = [];

    /// <summary>Discovers <paramref name="documents"/> of <paramref name="source"/> for <paramref name="scope"/>, or reuses the result of the same documents.</summary>
    public Result<DiscoveryResult> Discover(string source, IReadOnlyList<SourceDocument> documents, string scope)
    {
        var digest = Digest(source, scope, documents);
        var now = clock.GetUtcNow();
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

    private void Keep(string source, string scope, Entry entry)
    {
        var budget = options.Value.Records;
        lock (_lock)
        {
            _entries.Remove((source, scope));
            foreach (var idle in _entries.Where(e => IsIdle(e.Value, entry.UsedAt)).Select(e => e.Key).ToList())
                _entries.Remove(idle);
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

    private bool IsIdle(Entry entry, DateTimeOffset now) => now - entry.UsedAt > TimeSpan.FromMinutes(options.Value.IdleMinutes);

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
