namespace Guardrail.Core.Cmdb.Discovery.Terraform;

/// <summary>Finds a cycle in a directed graph, without recursion so that long dependency chains cannot overflow the stack.</summary>
internal static class DependencyCycles
{
    /// <summary>The first cycle met when walking from the nodes in key order, as a path that ends where it starts; null if none.</summary>
    public static List<string>? FindOne(Dictionary<string, List<string>> edges)
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (finished.Contains(start))
            {
                continue;
            }
            var path = new List<(string Node, int Next)> { (start, 0) };
            onPath.Add(start);
            while (path.Count > 0)
            {
                var (node, next) = path[^1];
                var targets = edges.GetValueOrDefault(node);
                if (targets is null || next >= targets.Count)
                {
                    path.RemoveAt(path.Count - 1);
                    onPath.Remove(node);
                    finished.Add(node);
                    continue;
                }
                path[^1] = (node, next + 1);
                var target = targets[next];
                if (onPath.Contains(target))
                {
                    var from = path.FindIndex(step => step.Node == target);
                    return [.. path.Skip(from).Select(step => step.Node), target];
                }
                if (!finished.Contains(target))
                {
                    path.Add((target, 0));
                    onPath.Add(target);
                }
            }
        }
        return null;
    }
}
