using Microsoft.Data.Sqlite;

namespace Guardrail.Bench;

/// <summary>
/// Gives each catalogue service of a store a few CIs of the synthetic CMDB's service layer (see <see cref="SyntheticGraph"/>),
/// so the gate measures each service's blast radius on the large graph.
/// </summary>
internal static class ServiceCis
{
    public static int Assign(string database, int cisPerService)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var services = new List<long>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT Id FROM Services WHERE Kind = 'Technical' ORDER BY Id";
            using var reader = select.ExecuteReader();
            while (reader.Read())
                services.Add(reader.GetInt64(0));
        }
        long firstServiceCi;
        using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "SELECT COUNT(*) FROM ConfigurationItems WHERE Scope = 'bench'";
            firstServiceCi = 1 + (long)count.ExecuteScalar()! / 100;
        }
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE ConfigurationItems SET ServiceId = $service WHERE Id = $ci";
        var service = update.Parameters.Add("$service", SqliteType.Integer);
        var ci = update.Parameters.Add("$ci", SqliteType.Integer);
        var next = firstServiceCi;
        foreach (var id in services)
        {
            for (var k = 0; k < cisPerService; k++)
            {
                service.Value = id;
                ci.Value = next++;
                update.ExecuteNonQuery();
            }
        }
        transaction.Commit();
        Console.Error.WriteLine($"{services.Count} services given {cisPerService} CIs each, from CI {firstServiceCi}");
        return 0;
    }
}
