using System.Data.Common;
using System.Globalization;
using System.Text;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Guardrail.Core.Cmdb;

/// <summary>
/// Multi-row and prepared statements on the connection and transaction of a <see cref="GuardrailDb"/>, for writes of
/// tens of thousands of rows that the change tracker would make one entity at a time. The SQL is the same on SQLite
/// and PostgreSQL: quoted identifiers, <c>@pN</c> parameters, enums as their names as the model stores them. On SQLite,
/// where a statement costs no round trip, rows go one by one through a <see cref="SqliteRowStatement"/>; on PostgreSQL,
/// many rows go in each statement.
/// </summary>
internal sealed class SetBasedStatements(GuardrailDb db)
{
    /// <summary>Parameters per statement: PostgreSQL takes thousands, which saves round trips.</summary>
    private const int PostgresParametersPerStatement = 2000;

    /// <summary>
    /// Parameters per statement of lists of ids on SQLite, which finds each parameter by name in a list as long as the
    /// statement's, so binding costs the square of their number.
    /// </summary>
    private const int SqliteParametersPerStatement = 100;

    private int ParametersPerStatement => db.IsPostgres ? PostgresParametersPerStatement : SqliteParametersPerStatement;

    private DbConnection Connection => db.Database.GetDbConnection();

    private DbTransaction Transaction => db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("Set-based writes run inside the transaction of an audited save.");

    /// <summary>
    /// Inserts the rows; <paramref name="assignId"/>, when given, hears the id each row was given. Each row's first column
    /// must then be unique among the rows, as PostgreSQL does not promise that RETURNING follows the order of VALUES.
    /// </summary>
    public async Task InsertAsync<T>(string table, string[] columns, IReadOnlyList<T> rows, Func<T, object?[]> values,
        CancellationToken cancellationToken, Action<T, long>? assignId = null)
    {
        if (rows.Count == 0)
            return;
        if (!db.IsPostgres)
        {
            using var statement = SqliteStatement(InsertSql(table, columns, 1, returning: null), columns.Length);
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                statement.Run(values(row));
                assignId?.Invoke(row, statement.LastInsertedId);
            }
            return;
        }

        var rowsPerStatement = Math.Max(1, PostgresParametersPerStatement / columns.Length);
        var returning = assignId is null ? null : $"\"Id\", \"{columns[0]}\"";
        var byFirstColumn = new Dictionary<object, T>();
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += rowsPerStatement)
            {
                var count = Math.Min(rowsPerStatement, rows.Count - start);
                var command = count == rowsPerStatement
                    ? full ??= Prepare(InsertSql(table, columns, count, returning), count * columns.Length)
                    : Prepare(InsertSql(table, columns, count, returning), count * columns.Length);
                try
                {
                    byFirstColumn.Clear();
                    for (var row = 0; row < count; row++)
                    {
                        var rowValues = values(rows[start + row]);
                        for (var column = 0; column < columns.Length; column++)
                            command.Parameters[row * columns.Length + column].Value = rowValues[column] ?? DBNull.Value;
                        if (assignId is not null)
                            byFirstColumn.Add(rowValues[0]!, rows[start + row]);
                    }
                    if (assignId is null)
                        await command.ExecuteNonQueryAsync(cancellationToken);
                    else
                    {
                        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                        while (await reader.ReadAsync(cancellationToken))
                            assignId(byFirstColumn[reader.GetValue(1)], reader.GetInt64(0));
                    }
                }
                finally
                {
                    if (command != full)
                        await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
                await full.DisposeAsync();
        }
    }

    /// <summary>Runs one prepared statement per row; <paramref name="affected"/> hears how many rows each changed.</summary>
    public async Task EachAsync<T>(string sql, int parameterCount, IReadOnlyList<T> rows, Func<T, object?[]> values,
        CancellationToken cancellationToken, Action<T, int>? affected = null)
    {
        if (rows.Count == 0)
            return;
        if (!db.IsPostgres)
        {
            using var statement = SqliteStatement(sql, parameterCount);
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var changed = statement.Run(values(row));
                affected?.Invoke(row, changed);
            }
            return;
        }

        await using var command = Prepare(sql, parameterCount);
        foreach (var row in rows)
        {
            var rowValues = values(row);
            for (var i = 0; i < parameterCount; i++)
                command.Parameters[i].Value = rowValues[i] ?? DBNull.Value;
            var changed = await command.ExecuteNonQueryAsync(cancellationToken);
            affected?.Invoke(row, changed);
        }
    }

    /// <summary>
    /// Runs <paramref name="sql"/> for the ids in chunks, its <c>{ids}</c> replaced by a list of parameters; the
    /// parameters <c>@p0</c>… of <paramref name="fixedValues"/> come first.
    /// </summary>
    public async Task ForIdsAsync(string sql, IReadOnlyList<long> ids, object?[] fixedValues, CancellationToken cancellationToken)
    {
        var perStatement = ParametersPerStatement - fixedValues.Length;
        for (var start = 0; start < ids.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, ids.Count - start);
            var list = string.Join(", ", Enumerable.Range(fixedValues.Length, count).Select(i => $"@p{i}"));
            await using var command = Prepare(sql.Replace("{ids}", list, StringComparison.Ordinal), fixedValues.Length + count);
            for (var i = 0; i < fixedValues.Length; i++)
                command.Parameters[i].Value = fixedValues[i] ?? DBNull.Value;
            for (var i = 0; i < count; i++)
                command.Parameters[fixedValues.Length + i].Value = ids[start + i];
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>A statement on the connection, which is inside the transaction its commands would name.</summary>
    private SqliteRowStatement SqliteStatement(string sql, int parameterCount)
    {
        _ = Transaction;
        return new SqliteRowStatement(Connection, sql, parameterCount);
    }

    private DbCommand Prepare(string sql, int parameterCount) => PositionalCommand.Create(Connection, Transaction, sql, parameterCount);

    private static string InsertSql(string table, string[] columns, int rows, string? returning)
    {
        var sql = new StringBuilder($"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Length; column++)
                sql.Append(column == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"@p{row * columns.Length + column}");
            sql.Append(')');
        }
        if (returning is not null)
            sql.Append(" RETURNING ").Append(returning);
        return sql.ToString();
    }
}
