using Guardrail.Bench;

// Data generators and measurements the load scenarios in bench/load drive; see bench/README.md.
return args switch
{
    ["cmdb-graph", var database, var cis, var relationships] => SyntheticGraph.Generate(database, int.Parse(cis, System.Globalization.CultureInfo.InvariantCulture), int.Parse(relationships, System.Globalization.CultureInfo.InvariantCulture)),
    ["recursive-cte", var database, var ciId, var runs] => RecursiveCte.Measure(database, long.Parse(ciId, System.Globalization.CultureInfo.InvariantCulture), int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture)),
    ["kubernetes-manifests", var path, var objects] => KubernetesManifests.Write(path, int.Parse(objects, System.Globalization.CultureInfo.InvariantCulture)),
    ["discover-kubernetes", var path] => DiscoveryTiming.Kubernetes(path),
    ["webhook-ingest", var url, var hook, var secret, var token, var template, var count, var concurrency, var acceptedFile] =>
        await WebhookIngest.SendAsync(url, hook, secret, token, template, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(concurrency, System.Globalization.CultureInfo.InvariantCulture), acceptedFile),
    ["webhook-verify", var database, var acceptedFile] => WebhookIngest.Verify(database, acceptedFile),
    ["service-cis", var database, var perService] => ServiceCis.Assign(database, int.Parse(perService, System.Globalization.CultureInfo.InvariantCulture)),
    ["what-changed", var database, var cis, var deployments, var incidents] =>
        await WhatChangedBench.RunAsync(database, int.Parse(cis, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(deployments, System.Globalization.CultureInfo.InvariantCulture), int.Parse(incidents, System.Globalization.CultureInfo.InvariantCulture)),
    ["metrics", var database, var services, var deployments, var commits, var incidents, var project] =>
        await MetricsBench.RunAsync(database, int.Parse(services, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(deployments, System.Globalization.CultureInfo.InvariantCulture), int.Parse(commits, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(incidents, System.Globalization.CultureInfo.InvariantCulture), int.Parse(project, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: cmdb-graph DB CIS RELATIONSHIPS | recursive-cte DB CI_ID RUNS | kubernetes-manifests FILE OBJECTS | discover-kubernetes PATH | webhook-ingest URL HOOK SECRET TOKEN TEMPLATE COUNT CONCURRENCY ACCEPTED | webhook-verify DB ACCEPTED | service-cis DB CIS_PER_SERVICE | what-changed DB CIS DEPLOYMENTS INCIDENTS | metrics DB SERVICES DEPLOYMENTS COMMITS INCIDENTS PROJECTED");
    return 2;
}
