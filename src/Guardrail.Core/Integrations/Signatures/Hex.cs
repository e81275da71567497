using System.Buffers;

namespace Guardrail.Core.Integrations.Signatures;

internal static class Hex
{
    /// <summary>Decodes hex that exactly fills <paramref name="destination"/>; false for any other length or a non-hex character.</summary>
    public static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> destination) =>
        hex.Length == destination.Length * 2
        && Convert.FromHexString(hex, destination, out _, out var written) == OperationStatus.Done
        && written == destination.Length;
}
