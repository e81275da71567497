using System.Globalization;
using System.Text.Json;
using Guardrail.Contracts;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Server.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Cmdb;

/// <summary>A node and edge list for <c>wwwroot/js/cmdb-graph.js</c>; edges point the way the relationship reads ("a depends-on b").</summary>
public sealed record GraphData(long Root, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);

public sealed record GraphNode(long Id, string Name, string Class, string Key);

public sealed record GraphEdge(long From, string Type, long To);

public sealed class GraphModel(ConfigurationItems items) : PageModel
{
    public const string Neighbourhood = "neighbourhood";
    public const string BlastRadius = "blast-radius";
    public const int DefaultDepth = 3;

    [FromRoute]
    public long Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? View { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Depth { get; set; }

    public bool IsBlastRadius => View == BlastRadius;

    public CiSummary? Ci { get; private set; }

    public GraphData? Graph { get; private set; }

    public ImpactResponse? Impact { get; private set; }

    public Error? Error { get; private set; }

    /// <summary>The graph as JSON for a <c>script type="application/json"</c> element: the default encoder escapes &lt;, &gt; and &amp;, so no text in it can close the element.</summary>
    public string GraphJson => JsonSerializer.Serialize(Graph, JsonSerializerOptions.Web);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (View is not (null or Neighbourhood or BlastRadius))
        {
            Fail(Error.Invalid("view", $"'view' must be {Neighbourhood} or {BlastRadius}."));
            return;
        }
        var found = await items.FindAsync(Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (!found.Succeeded)
        {
            Fail(found.Error);
            return;
        }
        Ci = found.Value.ToSummary();
        if (IsBlastRadius)
            await LoadBlastRadiusAsync(cancellationToken);
        else
            await LoadNeighbourhoodAsync(Ci, cancellationToken);
    }

    private async Task LoadNeighbourhoodAsync(CiSummary ci, CancellationToken cancellationToken)
    {
        var relationships = await items.RelationshipsOfAsync(ci.Id, includeRetired: false, cancellationToken);
        var nodes = new Dictionary<long, GraphNode> { [ci.Id] = NodeOf(ci) };
        foreach (var relationship in relationships)
        {
            nodes.TryAdd(relationship.From.Id, NodeOf(relationship.From));
            nodes.TryAdd(relationship.To.Id, NodeOf(relationship.To));
        }
        // The same relationship reported by several sources is one edge in the drawing.
        var edges = relationships.Select(r => new GraphEdge(r.From.Id, r.Type, r.To.Id)).Distinct().ToList();
        Graph = new GraphData(ci.Id, [.. nodes.Values], edges);
    }

    private async Task LoadBlastRadiusAsync(CancellationToken cancellationToken)
    {
        var impact = await items.ImpactAsync(Id.ToString(CultureInfo.InvariantCulture), ImpactDirection.Downstream, Depth ?? DefaultDepth, limit: null, cursor: null, cancellationToken);
        if (!impact.Succeeded)
        {
            Fail(impact.Error);
            return;
        }
        Impact = impact.Value;
        var reached = Impact.Items.ToDictionary(i => i.Ci.Id);
        var nodes = new List<GraphNode> { NodeOf(Impact.Root) };
        nodes.AddRange(Impact.Items.Select(i => NodeOf(i.Ci)));
        var edges = new HashSet<GraphEdge>();
        foreach (var item in Impact.Items)
        {
            for (var i = 1; i < item.Path.Count; i++)
            {
                var (cause, impacted) = (item.Path[i - 1], item.Path[i]);
                // Impact runs against "depends-on" (the dependent is hit) and along "part-of"; draw the relationship as it reads.
                var type = reached[impacted].Via;
                var causeClass = cause == Impact.Root.Id ? Impact.Root.Class : reached[cause].Ci.Class;
                edges.Add(WireNames.TryParse<RelationshipType>(type, out var parsed) && WireNames.TryParse<CiClass>(causeClass, out var causeCiClass)
                    && GraphSnapshot.FailureOfTargetImpactsSource(parsed, causeCiClass) == true
                    ? new GraphEdge(impacted, type, cause)
                    : new GraphEdge(cause, type, impacted));
            }
        }
        Graph = new GraphData(Impact.Root.Id, nodes, [.. edges]);
    }

    private void Fail(Error error)
    {
        Error = error;
        Response.StatusCode = error.StatusOf();
    }

    private static GraphNode NodeOf(CiSummary ci) => new(ci.Id, ci.Name, ci.Class, ci.Key);
}
