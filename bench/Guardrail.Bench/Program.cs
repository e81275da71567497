using Guardrail.Bench;

// Data generators and measurements the load scenarios in bench/load drive; see bench/README.md.
return args switch
{
    ["cmdb-graph", var database, var cis, var relationships] => SyntheticGraph.Generate(database, int.Parse(cis, System.Globalization.CultureInfo.InvariantCulture), int.Parse(relationships, System.Globalization.CultureInfo.InvariantCulture)),
    ["recursive-cte", var database, var ciId, var runs] => RecursiveCte.Measure(database, long.Parse(ciId, System.Globalization.CultureInfo.InvariantCulture), int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture)),
    ["kubernetes-manifests", var path, var objects] => KubernetesManifests.Write(path, int.Parse(objects, System.Globalization.CultureInfo.InvariantCulture)),
    ["discover-kubernetes", var path] => DiscoveryTiming.Kubernetes(path),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: cmdb-graph DB CIS RELATIONSHIPS | recursive-cte DB CI_ID RUNS | kubernetes-manifests FILE OBJECTS");
    return 2;
}
