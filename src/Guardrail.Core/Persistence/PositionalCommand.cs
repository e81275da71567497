using System.Data.Common;

namespace Guardrail.Core.Persistence;

/// <summary>A command in a transaction with the parameters <c>@p0</c>… its SQL names, for callers that set them by index.</summary>
internal static class PositionalCommand
{
    public static DbCommand Create(DbConnection connection, DbTransaction transaction, string sql, int parameterCount)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameterCount; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
