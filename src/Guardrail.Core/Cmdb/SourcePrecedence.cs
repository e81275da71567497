namespace Guardrail.Core.Cmdb;

/// <summary>
/// Which source wins when several describe one CI, attribute by attribute: what a person typed beats the
/// service catalogue of Backstage, which beats Git, the cluster and then the cloud state.
/// </summary>
public static class SourcePrecedence
{
    public const string Manual = "manual";

    private static readonly string[] s_order = [Manual, "backstage", "git", "kubernetes", "terraform"];

    /// <summary>Lower ranks win; a source not listed ranks after all listed ones.</summary>
    public static int RankOf(string source)
    {
        var index = Array.IndexOf(s_order, source);
        return index < 0 ? s_order.Length : index;
    }
}
