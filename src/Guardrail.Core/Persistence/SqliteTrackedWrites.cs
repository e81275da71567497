using System.Collections.Concurrent;
using Guardrail.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Guardrail.Core.Persistence;

/// <summary>
/// Writes the plain inserts and updates a context tracks through prepared SQLite statements bound by position, and marks
/// them saved, so that the EF Core save that follows writes only the rest. EF Core builds a command per entity and binds
/// its parameters by name; for a batch of hundreds of deliveries that was most of the time the processor held SQLite's one
/// write lock, which the inbox needs to accept anything.
/// <para>
/// Plain means a table of its own, no governed record (those are saved through the audit trail), no concurrency token,
/// nothing the database makes but an integer key, and values SQLite stores as they are or through the model's converter.
/// Everything else is left to EF Core, and so is an insert whose principal is left to it. A context that deletes anything
/// is left to EF Core whole, which orders deletes before the inserts that may reuse their unique values.
/// </para>
/// </summary>
internal static class SqliteTrackedWrites
{
    private static readonly ConcurrentDictionary<IEntityType, TableShape?> s_shapes = new();

    private static readonly HashSet<Type> s_storedAsIs = [typeof(string), typeof(long), typeof(int), typeof(short), typeof(bool), typeof(double), typeof(byte[])];

    /// <summary>Writes what it can of the tracked changes inside the context's transaction; the caller then saves the rest.</summary>
    public static void Write(GuardrailDb db)
    {
        if (db.IsPostgres)
            throw new InvalidOperationException("Tracked writes by position are for SQLite; PostgreSQL saves through EF Core.");
        _ = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Tracked writes run inside the transaction of the save they belong to.");
        var entries = db.ChangeTracker.Entries().ToList();
        if (entries.Any(e => e.State == EntityState.Deleted))
            return;
        using var statements = new Statements(db);
        Insert(entries.Where(e => e.State == EntityState.Added && ShapeOf(e.Metadata) is not null).ToList(), statements);
        Update(entries.Where(e => e.State == EntityState.Modified && ShapeOf(e.Metadata) is { Key: [_] }).ToList(), statements);
    }

    /// <summary>Principals first: an entry waits while a key it refers to is still to be generated.</summary>
    private static void Insert(List<EntityEntry> waiting, Statements statements)
    {
        while (waiting.Count > 0)
        {
            var ready = waiting.Where(IsReady).ToList();
            if (ready.Count == 0)
                return;
            foreach (var entry in ready)
            {
                var shape = ShapeOf(entry.Metadata)!;
                var insert = statements.Get(shape.InsertSql, shape.Columns.Length);
                insert.Run(Values(entry, shape.Columns));
                if (shape.GeneratedKey is { } key)
                {
                    var property = entry.Property(key);
                    property.CurrentValue = key.ClrType == typeof(int) ? checked((int)insert.LastInsertedId) : insert.LastInsertedId;
                    property.IsTemporary = false;
                }
                entry.State = EntityState.Unchanged;
            }
            waiting = [.. waiting.Where(e => e.State == EntityState.Added)];
        }
    }

    private static void Update(List<EntityEntry> modified, Statements statements)
    {
        foreach (var entry in modified)
        {
            var shape = ShapeOf(entry.Metadata)!;
            var key = shape.Key[0];
            var changed = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata).ToArray();
            if (entry.Property(key).IsTemporary || changed.Any(p => p.IsPrimaryKey() || entry.Property(p).IsTemporary))
                continue;
            var sql = $"UPDATE \"{shape.Table}\" SET {string.Join(", ", changed.Select((p, i) => $"\"{shape.ColumnOf(p)}\" = @p{i}"))} " +
                $"WHERE \"{shape.ColumnOf(key)}\" = @p{changed.Length}";
            if (statements.Get(sql, changed.Length + 1).Run(Values(entry, [.. changed, key])) != 1)
                throw new DbUpdateConcurrencyException($"The {entry.Metadata.DisplayName()} to update was not found.");
            entry.State = EntityState.Unchanged;
        }
    }

    private static bool IsReady(EntityEntry entry) =>
        entry.Metadata.GetForeignKeys().All(fk => fk.Properties.All(p => !entry.Property(p).IsTemporary))
        && entry.References.All(r => r.Metadata is not INavigation { IsOnDependent: true } || r.TargetEntry is not { State: EntityState.Added });

    private static object?[] Values(EntityEntry entry, IProperty[] properties)
    {
        var values = new object?[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            var value = entry.Property(properties[i]).CurrentValue;
            values[i] = value is null ? null : properties[i].GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
        return values;
    }

    private static TableShape? ShapeOf(IEntityType type) => s_shapes.GetOrAdd(type, Shape);

    private static TableShape? Shape(IEntityType type)
    {
        if (type.GetTableName() is not { } table || type.GetViewName() is not null || type.GetSqlQuery() is not null
            || type.BaseType is not null || type.GetDerivedTypes().Any() || type.IsOwned() || type.GetComplexProperties().Any()
            || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || GovernedRecords.RecordTypeOf(type.ClrType) is not null
            || type.FindPrimaryKey() is not { } primaryKey)
            return null;
        var generated = primaryKey.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } only] && (only.ClrType == typeof(long) || only.ClrType == typeof(int))
            ? only : null;
        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var columns = type.GetProperties().Where(p => p != generated).ToArray();
        if (columns.Any(p => p.IsConcurrencyToken || p.ValueGenerated != ValueGenerated.Never || p.GetDefaultValueSql() is not null
                || p.GetComputedColumnSql() is not null || p.TryGetDefaultValue(out _) || !StoredAsIs(p))
            || primaryKey.Properties.Any(p => p != generated && !columns.Contains(p)))
            return null;
        var names = type.GetProperties().ToDictionary(p => p, p => p.GetColumnName(store) ?? p.Name);
        return new TableShape(table, columns, [.. primaryKey.Properties], generated, names);
    }

    private static bool StoredAsIs(IProperty property)
    {
        var stored = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
        return s_storedAsIs.Contains(Nullable.GetUnderlyingType(stored) ?? stored);
    }

    private sealed record TableShape(string Table, IProperty[] Columns, IProperty[] Key, IProperty? GeneratedKey, Dictionary<IProperty, string> ColumnNames)
    {
        public string InsertSql { get; } =
            $"INSERT INTO \"{Table}\" ({string.Join(", ", Columns.Select(c => $"\"{ColumnNames[c]}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"@p{i}"))})";

        public string ColumnOf(IProperty property) => ColumnNames[property];
    }

    /// <summary>The statements of one write, each prepared once and run for every row of its shape.</summary>
    private sealed class Statements(GuardrailDb db) : IDisposable
    {
        private readonly Dictionary<string, SqliteRowStatement> _prepared = [];

        public SqliteRowStatement Get(string sql, int parameterCount)
        {
            if (!_prepared.TryGetValue(sql, out var statement))
                _prepared[sql] = statement = new SqliteRowStatement(db.Database.GetDbConnection(), sql, parameterCount);
            return statement;
        }

        public void Dispose()
        {
            foreach (var statement in _prepared.Values)
                statement.Dispose();
        }
    }
}
