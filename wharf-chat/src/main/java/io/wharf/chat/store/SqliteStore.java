package io.wharf.chat.store;

import io.wharf.chat.domain.ChatMessage;
import io.wharf.chat.domain.ChatStore;
import io.wharf.chat.domain.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chat's store in SQLite (xerial sqlite-jdbc): one database file, or {@code :memory:} for a chat that
 * forgets everything when it stops.
 *
 * <p>Threading: {@link #load} runs on the caller, before anything is written. Every write is queued to a
 * {@link StoreWriter}, whose one thread owns the JDBC connection from then on and commits in batches, so a
 * write costs its caller a queue insertion. {@link #close} waits for the queue to be written.
 */
public final class SqliteStore implements ChatStore {

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS accounts (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, password_hash TEXT NOT NULL,"
                + " last_seen_message INTEGER NOT NULL DEFAULT 0, last_seen INTEGER, rooms TEXT NOT NULL DEFAULT '')",
        "CREATE TABLE IF NOT EXISTS rooms (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, topic TEXT, topic_by TEXT)",
        "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, room_key TEXT NOT NULL, room TEXT NOT NULL,"
                + " nick TEXT NOT NULL, text TEXT NOT NULL, action INTEGER NOT NULL, time INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS messages_by_room ON messages (room_key, id)",
        "CREATE TABLE IF NOT EXISTS bans (id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT, address TEXT,"
                + " by_nick TEXT NOT NULL, time INTEGER NOT NULL)",
    };
    /** Columns added since a table was first created: table, column, type. Added to older databases on open. */
    private static final String[][] ADDED_COLUMNS = {
        {"bans", "nick", "TEXT"},
        {"bans", "reason", "TEXT"},
    };

    private final String database;
    private final Connection db;
    private final StoreWriter writer;

    private SqliteStore(String database, Connection db) {
        this.database = database;
        this.db = db;
        this.writer = new StoreWriter(db, database);
    }

    /**
     * Opens (creating if need be) {@code database}: a file path, or {@code :memory:}.
     *
     * @throws SQLException when the file cannot be opened or is not a chat database
     */
    public static SqliteStore open(String database) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
        try (Statement s = db.createStatement()) {
            if (!database.equals(":memory:")) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
            }
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            for (String[] column : ADDED_COLUMNS) {
                if (!hasColumn(db, column[0], column[1])) {
                    s.execute("ALTER TABLE " + column[0] + " ADD COLUMN " + column[1] + " " + column[2]);
                }
            }
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return new SqliteStore(database, db);
    }

    @Override
    public Snapshot load(int historyPerRoom) {
        try {
            return new Snapshot(accounts(), rooms(), messages(historyPerRoom), bans());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read chat database " + database + ": " + e.getMessage(), e);
        } finally {
            writer.start();
        }
    }

    @Override
    public void saveAccount(String name, String passwordHash) {
        writer.submit(c -> update(c, "INSERT INTO accounts (name_key, name, password_hash) VALUES (?, ?, ?)"
                + " ON CONFLICT (name_key) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash",
                key(name), name, passwordHash));
    }

    @Override
    public void saveSeen(String account, long lastMessage, Instant when, List<String> rooms) {
        writer.submit(c -> update(c, "UPDATE accounts SET last_seen_message = ?, last_seen = ?, rooms = ? WHERE name_key = ?",
                lastMessage, when.toEpochMilli(), String.join(",", rooms), key(account)));
    }

    @Override
    public void saveRoom(String name, String topic, String topicBy) {
        writer.submit(c -> update(c, "INSERT INTO rooms (name_key, name, topic, topic_by) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (name_key) DO UPDATE SET topic = excluded.topic, topic_by = excluded.topic_by",
                key(name), name, topic, topicBy));
    }

    @Override
    public void append(ChatMessage m) {
        writer.submit(c -> update(c, "INSERT INTO messages (id, room_key, room, nick, text, action, time)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", m.id(), key(m.room()), m.room(), m.nick(), m.text(),
                m.action() ? 1 : 0, m.time().toEpochMilli()));
    }

    @Override
    public void addBan(Ban ban) {
        writer.submit(c -> update(c, "INSERT INTO bans (nick, account, address, by_nick, time, reason)"
                + " VALUES (?, ?, ?, ?, ?, ?)", ban.nick(), ban.account(), ban.address(), ban.by(),
                ban.time().toEpochMilli(), ban.reason()));
    }

    @Override
    public void removeBans(String who) {
        writer.submit(c -> update(c, "DELETE FROM bans WHERE address = ? OR lower(account) = ? OR lower(nick) = ?",
                who, key(who), key(who)));
    }

    @Override
    public void close() {
        writer.close();
        try {
            db.close();
        } catch (SQLException e) {
            log.warn("chat: closing {}: {}", database, e.getMessage());
        }
    }

    private List<StoredAccount> accounts() throws SQLException {
        List<StoredAccount> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT name, password_hash, last_seen_message, last_seen, rooms FROM accounts")) {
            while (r.next()) {
                long seen = r.getLong(4);
                Instant lastSeen = r.wasNull() ? null : Instant.ofEpochMilli(seen);
                String rooms = r.getString(5);
                out.add(new StoredAccount(r.getString(1), r.getString(2), r.getLong(3), lastSeen,
                        rooms.isEmpty() ? List.of() : Arrays.asList(rooms.split(","))));
            }
        }
        return out;
    }

    private List<StoredRoom> rooms() throws SQLException {
        List<StoredRoom> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT name, topic, topic_by FROM rooms")) {
            while (r.next()) {
                out.add(new StoredRoom(r.getString(1), r.getString(2), r.getString(3)));
            }
        }
        return out;
    }

    private List<ChatMessage> messages(int perRoom) throws SQLException {
        List<ChatMessage> out = new ArrayList<>();
        String sql = "SELECT id, room, nick, text, action, time FROM (SELECT *, row_number() OVER"
                + " (PARTITION BY room_key ORDER BY id DESC) AS n FROM messages) WHERE n <= ? ORDER BY id";
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setInt(1, perRoom);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new ChatMessage(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getInt(5) != 0, Instant.ofEpochMilli(r.getLong(6))));
                }
            }
        }
        return out;
    }

    private List<Ban> bans() throws SQLException {
        List<Ban> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT nick, account, address, by_nick, time, reason FROM bans ORDER BY id")) {
            while (r.next()) {
                out.add(new Ban(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        Instant.ofEpochMilli(r.getLong(5)), r.getString(6)));
            }
        }
        return out;
    }

    private static boolean hasColumn(Connection db, String table, String column) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) {
                if (r.getString("name").equalsIgnoreCase(column)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    s.setNull(i + 1, Types.VARCHAR);
                } else {
                    s.setObject(i + 1, values[i]);
                }
            }
            s.executeUpdate();
        }
    }

    private static String key(String name) {
        return Names.key(name);
    }
}
