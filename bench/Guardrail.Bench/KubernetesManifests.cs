using System.Text;

namespace Guardrail.Bench;

/// <summary>
/// One multi-document manifest of <c>objects</c> Kubernetes objects: Deployments and their Services in 100
/// namespaces, each Deployment reaching two Services of its namespace through env values, as real apps do.
/// </summary>
internal static class KubernetesManifests
{
    public static int Write(string path, int objects)
    {
        var pairs = objects / 2;
        const int namespaces = 100;
        var perNamespace = Math.Max(1, pairs / namespaces);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        for (var i = 0; i < pairs; i++)
        {
            var ns = $"team-{i / perNamespace % namespaces}";
            var name = $"app-{i}";
            var first = i / perNamespace * perNamespace;
            var peerA = $"app-{first + (i * 7 + 1) % perNamespace}";
            var peerB = $"app-{first + (i * 13 + 5) % perNamespace}";
            writer.Write($"""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {name}
                  namespace: {ns}
                  labels: {"{"}app: {name}, app.kubernetes.io/part-of: shop-{i % 50}{"}"}
                spec:
                  replicas: 2
                  selector: {"{"}matchLabels: {"{"}app: {name}{"}"}{"}"}
                  template:
                    metadata: {"{"}labels: {"{"}app: {name}{"}"}{"}"}
                    spec:
                      containers:
                      - name: main
                        image: registry.example.com/{name}:1.0.{i % 10}
                        env:
                        - {"{"}name: PEER_A_ADDR, value: "{peerA}:8080"{"}"}
                        - {"{"}name: PEER_B_URL, value: "http://{peerB}.{ns}.svc.cluster.local:8080/api"{"}"}
                ---
                apiVersion: v1
                kind: Service
                metadata: {"{"}name: {name}, namespace: {ns}{"}"}
                spec:
                  selector: {"{"}app: {name}{"}"}
                  ports: [{"{"}port: 8080{"}"}]
                ---

                """);
        }
        Console.Error.WriteLine($"{pairs * 2:N0} objects written to {path} ({new FileInfo(path).Length:N0} bytes)");
        return 0;
    }
}
