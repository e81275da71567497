using System.Buffers.Text;
using System.Text;

namespace Guardrail.Core.Common;

/// <summary>One page of a list, ordered by id; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Keyset paging: the cursor is an opaque token carrying the last id of the previous page.</summary>
public sealed record PageRequest(int Limit, long AfterId)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static Result<PageRequest> Parse(int? limit, string? cursor)
    {
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
            return Error.Invalid("limit", $"'limit' must be between 1 and {MaxLimit} (got {size}).");
        if (string.IsNullOrEmpty(cursor))
            return new PageRequest(size, 0);
        if (!TryDecode(cursor, out var afterId))
            return new Error("paging.invalid_cursor", "The 'cursor' is not one this server issued; pass the 'nextCursor' of the previous page.", ErrorKind.Validation,
                new Dictionary<string, string[]> { ["cursor"] = ["Malformed cursor."] });
        return new PageRequest(size, afterId);
    }

    /// <summary>Builds the page from up to Limit + 1 rows fetched in id order.</summary>
    public Page<T> ToPage<T>(IReadOnlyList<T> rows, Func<T, long> idOf)
    {
        if (rows.Count <= Limit)
            return new Page<T>(rows, null);
        var items = rows.Take(Limit).ToList();
        return new Page<T>(items, Encode(idOf(items[^1])));
    }

    private static string Encode(long afterId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"id:{afterId}"));

    private static bool TryDecode(string cursor, out long afterId)
    {
        afterId = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("id:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(3), out afterId) && afterId > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
