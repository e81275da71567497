using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Guardrail.Core.Persistence;

/// <summary>
/// One prepared SQLite statement, run row after row with its parameters <c>@p0</c>… bound by position. Microsoft.Data.Sqlite
/// looks every parameter up by name on every execution, a search through the statement's parameters; in writes of
/// hundreds of thousands of rows those searches cost about as much as SQLite's own work. The statement runs on the
/// connection, so inside the transaction the connection has open.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _positions;

    public SqliteRowStatement(DbConnection connection, string sql, int parameterCount)
    {
        _db = ((SqliteConnection)connection).Handle ?? throw new InvalidOperationException("Open the connection before preparing a statement on it.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
        _positions = new int[parameterCount];
        for (var i = 0; i < parameterCount; i++)
            _positions[i] = raw.sqlite3_bind_parameter_index(_statement, $"@p{i}");
    }

    /// <summary>The rowid of the row the last insert on this connection made.</summary>
    public long LastInsertedId => raw.sqlite3_last_insert_rowid(_db);

    /// <summary>Runs the statement with <paramref name="values"/> as <c>@p0</c>…; returns how many rows it changed.</summary>
    public int Run(object?[] values)
    {
        try
        {
            for (var i = 0; i < _positions.Length; i++)
                Check(Bind(_positions[i], values[i]));
            var stepped = raw.sqlite3_step(_statement);
            if (stepped != raw.SQLITE_DONE)
                Check(stepped);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>Binds as Microsoft.Data.Sqlite and the model store them: booleans as 0 or 1, times as UTC text in EF Core's format.</summary>
    private int Bind(int position, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(_statement, position),
        string text => raw.sqlite3_bind_text(_statement, position, text),
        long number => raw.sqlite3_bind_int64(_statement, position, number),
        int number => raw.sqlite3_bind_int64(_statement, position, number),
        short number => raw.sqlite3_bind_int64(_statement, position, number),
        bool flag => raw.sqlite3_bind_int64(_statement, position, flag ? 1 : 0),
        double number => raw.sqlite3_bind_double(_statement, position, number),
        byte[] bytes => raw.sqlite3_bind_blob(_statement, position, bytes),
        DateTime time => raw.sqlite3_bind_text(_statement, position, SqliteUtcTimeText.ToText(time)),
        _ => throw new ArgumentException($"A {value.GetType().Name} has no SQLite binding here; pass its stored form.", nameof(value)),
    };

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(result, _db);
    }
}
