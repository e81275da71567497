using System.Globalization;
using Guardrail.Core.Cmdb;

namespace Guardrail.Core.Incidents.Suspects;

/// <summary>The words a responder reads: durations, hops and the relationships along a path.</summary>
public static class SuspectWording
{
    /// <summary>"less than a minute", "14 minutes", "2 hours 5 minutes", "3 days 4 hours".</summary>
    public static string Duration(TimeSpan span)
    {
        span = span.Duration();
        if (span < TimeSpan.FromMinutes(1))
            return "less than a minute";
        if (span < TimeSpan.FromHours(1))
            return Count((int)span.TotalMinutes, "minute");
        if (span < TimeSpan.FromDays(1))
            return Count(span.Hours, "hour") + (span.Minutes > 0 ? " " + Count(span.Minutes, "minute") : "");
        return Count((int)span.TotalDays, "day") + (span.Hours > 0 ? " " + Count(span.Hours, "hour") : "");
    }

    public static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");

    /// <summary>
    /// How a CI relies on the next one upstream, read along the walk: <paramref name="via"/> is the type of the
    /// relationship the next one was reached along, <paramref name="reached"/> its class.
    /// </summary>
    public static string Relation(RelationshipType via, CiClass reached) => via switch
    {
        RelationshipType.DependsOn => "depends on",
        RelationshipType.RunsOn => "runs on",
        RelationshipType.HostedBy => "is hosted by",
        RelationshipType.ConsumesApi => "consumes the API",
        RelationshipType.DeployedTo => "is deployed to",
        RelationshipType.RoutesTo => "routes to",
        // A part relies on its container; a whole (a system, a service) relies on its parts.
        RelationshipType.PartOf => reached is CiClass.Namespace or CiClass.Cluster or CiClass.Environment ? "is part of" : "includes",
        RelationshipType.ProvidesApi => "is provided by",
        _ => "relies on",
    };

    /// <summary>"checkout-api depends on payments-api, which depends on ledger-db (2 hops)".</summary>
    public static string Path(IReadOnlyList<SuspectPathStep> path)
    {
        var sentence = new System.Text.StringBuilder(path[0].Name);
        for (var step = 1; step < path.Count; step++)
            sentence.Append(step == 1 ? " " : ", which ").Append(path[step].Relation).Append(' ').Append(path[step].Name);
        return sentence.Append(" (").Append(Count(path.Count - 1, "hop")).Append(')').ToString();
    }

    public static string ShortSha(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
