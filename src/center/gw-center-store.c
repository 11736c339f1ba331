/* gw-center-store.c: the centre's SQLite database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-store.h"
#include "gw-center.h"

#include <sqlite3.h>
#include <string.h>

#define SCHEMA_VERSION 2

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS departments ("
  "  code TEXT PRIMARY KEY, json TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS cases ("
  "  id TEXT PRIMARY KEY, version INTEGER NOT NULL, status TEXT NOT NULL,"
  "  status_detail TEXT NOT NULL, service_code TEXT NOT NULL, service_name TEXT NOT NULL,"
  "  category TEXT NOT NULL, description TEXT NOT NULL, agency TEXT, co_agencies TEXT NOT NULL,"
  "  requested INTEGER NOT NULL, updated INTEGER NOT NULL, expected INTEGER,"
  "  resolved INTEGER, closed INTEGER, lat REAL NOT NULL, lon REAL NOT NULL,"
  "  address TEXT NOT NULL, media_url TEXT, priority TEXT NOT NULL, channel TEXT NOT NULL,"
  "  grid_code TEXT NOT NULL, resolved_level TEXT, satisfaction INTEGER,"
  "  supervised INTEGER NOT NULL, conflict_version INTEGER NOT NULL, conflict_action TEXT,"
  "  conflict_by_id TEXT, conflict_by_name TEXT, conflict_department TEXT,"
  "  conflict_at INTEGER, sim_due INTEGER NOT NULL, sim_flags INTEGER NOT NULL,"
  "  json TEXT NOT NULL, extension_deadline INTEGER, merged_into TEXT);"
  "CREATE INDEX IF NOT EXISTS cases_open ON cases (status, updated);"
  "CREATE INDEX IF NOT EXISTS cases_requested ON cases (requested);"
  "CREATE TABLE IF NOT EXISTS archive ("
  "  day INTEGER NOT NULL, grid_code TEXT NOT NULL, reported INTEGER NOT NULL,"
  "  PRIMARY KEY (day, grid_code));"
  "CREATE TABLE IF NOT EXISTS events ("
  "  seq INTEGER PRIMARY KEY, type TEXT NOT NULL, time TEXT NOT NULL, case_id TEXT,"
  "  json TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS events_case ON events (case_id, seq);"
  "CREATE TABLE IF NOT EXISTS idempotency ("
  "  user TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,"
  "  status INTEGER NOT NULL, body TEXT NOT NULL, created INTEGER NOT NULL,"
  "  PRIMARY KEY (user, key));";

enum
{
  STMT_GET_META,
  STMT_SET_META,
  STMT_PUT_CASE,
  STMT_PUT_DEPARTMENT,
  STMT_APPEND_EVENT,
  STMT_OLDEST_EVENT,
  STMT_PRUNE,
  STMT_READ_EVENTS,
  STMT_CASE_EVENTS,
  STMT_LOOKUP_KEY,
  STMT_PUT_KEY,
  STMT_EXPIRE_KEYS,
  STMT_COUNT_CASES,
  STMT_COUNT_ARCHIVE,
  STMT_PUT_ARCHIVE,
  N_STMTS
};

static const char *stmt_sql[N_STMTS] = {
  [STMT_GET_META] = "SELECT value FROM meta WHERE key = ?1",
  [STMT_SET_META] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
  [STMT_PUT_CASE] =
    "INSERT OR REPLACE INTO cases (id, version, status, status_detail, service_code,"
    " service_name, category, description, agency, co_agencies, requested, updated,"
    " expected, resolved, closed, lat, lon, address, media_url, priority, channel,"
    " grid_code, resolved_level, satisfaction, supervised, conflict_version,"
    " conflict_action, conflict_by_id, conflict_by_name, conflict_department, conflict_at,"
    " sim_due, sim_flags, json, extension_deadline, merged_into) VALUES (?1, ?2, ?3, ?4,"
    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
    " ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36)",
  [STMT_PUT_DEPARTMENT] = "INSERT OR REPLACE INTO departments (code, json) VALUES (?1, ?2)",
  [STMT_APPEND_EVENT] =
    "INSERT INTO events (seq, type, time, case_id, json) VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_OLDEST_EVENT] = "SELECT MIN(seq) FROM events",
  [STMT_PRUNE] = "DELETE FROM events WHERE seq <= ?1",
  [STMT_READ_EVENTS] = "SELECT seq, json FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
  [STMT_CASE_EVENTS] = "SELECT json FROM events WHERE case_id = ?1 ORDER BY seq DESC LIMIT ?2",
  [STMT_LOOKUP_KEY] =
    "SELECT request_hash, status, body FROM idempotency WHERE user = ?1 AND key = ?2",
  [STMT_PUT_KEY] =
    "INSERT OR REPLACE INTO idempotency (user, key, request_hash, status, body, created)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_EXPIRE_KEYS] = "DELETE FROM idempotency WHERE created < ?1",
  /* Days are numbered from the epoch in the centre's zone (UTC+8); ?4 is an
   * area code, a prefix of the grid codes ('' for all). */
  [STMT_COUNT_CASES] =
    "SELECT (requested / 1000000 + ?3) / 86400 AS day, COUNT(*) FROM cases"
    " WHERE requested >= ?1 AND requested < ?2"
    " AND substr(grid_code, 1, length(?4)) = ?4 GROUP BY day",
  [STMT_COUNT_ARCHIVE] =
    "SELECT day, SUM(reported) FROM archive WHERE day >= ?1 AND day < ?2"
    " AND substr(grid_code, 1, length(?3)) = ?3 GROUP BY day",
  [STMT_PUT_ARCHIVE] =
    "INSERT INTO archive (day, grid_code, reported) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (day, grid_code) DO UPDATE SET reported = reported + ?3",
};

struct _GwCenterStore
{
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
};

static gboolean
fail (GwCenterStore  *self,
      GError        **error,
      const char     *what)
{
  g_set_error (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATABASE,
               "database: %s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (GwCenterStore  *self,
      const char     *sql,
      GError        **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATABASE,
                   "database: %s", message ? message : "unknown error");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

void
gw_center_store_free (GwCenterStore *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < N_STMTS; i++)
    sqlite3_finalize (self->stmts[i]);
  sqlite3_close (self->db);
  g_free (self);
}

/* Version 1 had no extension_deadline and merged_into columns. */
static gboolean
migrate (GwCenterStore  *self,
         int             version,
         GError        **error)
{
  if (version != 1)
    return TRUE;
  return exec (self, "ALTER TABLE cases ADD COLUMN extension_deadline INTEGER;"
                     "ALTER TABLE cases ADD COLUMN merged_into TEXT;", error);
}

static gboolean
check_schema_version (GwCenterStore  *self,
                      int            *out,
                      GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return fail (self, error, "reading the schema version");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATABASE,
                   "database: schema version %d is newer than this centre's (%d)",
                   version, SCHEMA_VERSION);
      return FALSE;
    }
  *out = version;
  return TRUE;
}

GwCenterStore *
gw_center_store_open (const char  *path,
                      GError     **error)
{
  GwCenterStore *self = g_new0 (GwCenterStore, 1);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int version = 0;

  if (sqlite3_open_v2 (path ? path : ":memory:", &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATABASE,
                   "database %s cannot be opened: %s", path ? path : ":memory:",
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      gw_center_store_free (self);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  /* WAL: readers never block the writer and a commit is one append.
   * synchronous=FULL: a 200 to a dispatcher must survive a power cut, not
   * only a crash; at tens of changes a minute one fsync each costs nothing,
   * and bulk seeding is one transaction. */
  if (!check_schema_version (self, &version, error) ||
      !exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", error) ||
      !migrate (self, version, error) ||
      !exec (self, schema, error) ||
      !exec (self, "PRAGMA user_version=2", error))
    {
      g_prefix_error (error, "%s: ", path ? path : ":memory:");
      gw_center_store_free (self);
      return NULL;
    }
  for (guint i = 0; i < N_STMTS; i++)
    if (sqlite3_prepare_v3 (self->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                            &self->stmts[i], NULL) != SQLITE_OK)
      {
        fail (self, error, stmt_sql[i]);
        gw_center_store_free (self);
        return NULL;
      }
  return self;
}

gboolean
gw_center_store_begin (GwCenterStore  *self,
                       GError        **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
gw_center_store_commit (GwCenterStore  *self,
                        GError        **error)
{
  return exec (self, "COMMIT", error);
}

void
gw_center_store_rollback (GwCenterStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    exec (self, "ROLLBACK", NULL);
}

void
gw_center_store_checkpoint (GwCenterStore *self)
{
  sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

static sqlite3_stmt *
stmt (GwCenterStore *self,
      guint          which)
{
  sqlite3_stmt *s = self->stmts[which];

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  return s;
}

static gboolean
step_done (GwCenterStore  *self,
           sqlite3_stmt   *s,
           GError        **error,
           const char     *what)
{
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return fail (self, error, what);
  return TRUE;
}

char *
gw_center_store_get_meta (GwCenterStore *self,
                          const char    *key)
{
  sqlite3_stmt *s = stmt (self, STMT_GET_META);
  char *value = NULL;

  sqlite3_bind_text (s, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_reset (s);
  return value;
}

guint64
gw_center_store_get_meta_uint (GwCenterStore *self,
                               const char    *key,
                               guint64        fallback)
{
  g_autofree char *value = gw_center_store_get_meta (self, key);
  guint64 n;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &n, NULL))
    return fallback;
  return n;
}

gboolean
gw_center_store_set_meta (GwCenterStore  *self,
                          const char     *key,
                          const char     *value,
                          GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_SET_META);

  sqlite3_bind_text (s, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, value, -1, SQLITE_STATIC);
  return step_done (self, s, error, "writing meta");
}

static void
bind_time (sqlite3_stmt *s,
           int           column,
           gint64        value)
{
  if (value == 0)
    sqlite3_bind_null (s, column);
  else
    sqlite3_bind_int64 (s, column, value);
}

gboolean
gw_center_store_put_case (GwCenterStore       *self,
                          const GwCenterCase  *c,
                          const char          *json,
                          GError             **error)
{
  sqlite3_stmt *s = stmt (self, STMT_PUT_CASE);
  g_autofree char *co = g_strjoinv (",", (char **) c->co_agencies);

  sqlite3_bind_text (s, 1, c->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 2, c->version);
  sqlite3_bind_text (s, 3, gw_center_case_is_open (c) ? "open" : "closed", -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, c->status_detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 5, c->service_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 6, c->service_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 7, c->category, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 8, c->description ? c->description : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 9, c->agency, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 10, co, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 11, c->requested);
  sqlite3_bind_int64 (s, 12, c->updated);
  bind_time (s, 13, c->expected);
  bind_time (s, 14, c->resolved);
  bind_time (s, 15, c->closed);
  sqlite3_bind_double (s, 16, c->lat);
  sqlite3_bind_double (s, 17, c->lon);
  sqlite3_bind_text (s, 18, c->address ? c->address : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 19, c->media_url, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 20, c->priority, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 21, c->channel, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 22, c->grid_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 23, c->resolved_level, -1, SQLITE_STATIC);
  if (c->satisfaction > 0)
    sqlite3_bind_int (s, 24, c->satisfaction);
  sqlite3_bind_int (s, 25, c->supervised ? 1 : 0);
  sqlite3_bind_int64 (s, 26, c->conflict_version);
  sqlite3_bind_text (s, 27, c->conflict_action, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 28, c->conflict_by_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 29, c->conflict_by_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 30, c->conflict_department, -1, SQLITE_STATIC);
  bind_time (s, 31, c->conflict_at);
  sqlite3_bind_int64 (s, 32, c->sim_due);
  sqlite3_bind_int (s, 33, (int) c->sim_flags);
  sqlite3_bind_text (s, 34, json, -1, SQLITE_STATIC);
  bind_time (s, 35, c->extension_deadline);
  sqlite3_bind_text (s, 36, c->merged_into, -1, SQLITE_STATIC);
  return step_done (self, s, error, "writing a case");
}

static const char *
column_intern (sqlite3_stmt *s,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (s, column);

  return text ? g_intern_string (text) : NULL;
}

static char *
column_dup (sqlite3_stmt *s,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (s, column));
}

static GwCenterCase *
case_from_row (sqlite3_stmt *s)
{
  GwCenterCase *c = gw_center_case_new ();
  const char *co = (const char *) sqlite3_column_text (s, 9);
  g_auto(GStrv) codes = (co && *co) ? g_strsplit (co, ",", -1) : NULL;

  c->id = column_dup (s, 0);
  c->version = sqlite3_column_int64 (s, 1);
  c->status_detail = column_intern (s, 3);
  c->service_code = column_intern (s, 4);
  c->service_name = column_intern (s, 5);
  c->category = column_intern (s, 6);
  c->description = column_dup (s, 7);
  c->agency = column_intern (s, 8);
  gw_center_case_set_co_agencies (c, (const char * const *) codes);
  c->requested = sqlite3_column_int64 (s, 10);
  c->updated = sqlite3_column_int64 (s, 11);
  c->expected = sqlite3_column_int64 (s, 12);
  c->resolved = sqlite3_column_int64 (s, 13);
  c->closed = sqlite3_column_int64 (s, 14);
  c->lat = sqlite3_column_double (s, 15);
  c->lon = sqlite3_column_double (s, 16);
  c->address = column_dup (s, 17);
  c->media_url = column_dup (s, 18);
  c->priority = column_intern (s, 19);
  c->channel = column_intern (s, 20);
  c->grid_code = column_intern (s, 21);
  c->resolved_level = column_intern (s, 22);
  c->satisfaction = sqlite3_column_int (s, 23);
  c->supervised = sqlite3_column_int (s, 24) != 0;
  c->conflict_version = sqlite3_column_int64 (s, 25);
  c->conflict_action = column_intern (s, 26);
  c->conflict_by_id = column_dup (s, 27);
  c->conflict_by_name = column_dup (s, 28);
  c->conflict_department = column_intern (s, 29);
  c->conflict_at = sqlite3_column_int64 (s, 30);
  c->sim_due = sqlite3_column_int64 (s, 31);
  c->sim_flags = (guint) sqlite3_column_int (s, 32);
  c->extension_deadline = sqlite3_column_int64 (s, 33);
  c->merged_into = column_dup (s, 34);
  return c;
}

gboolean
gw_center_store_load_cases (GwCenterStore          *self,
                            GwCenterStoreCaseFunc   func,
                            gpointer                user_data,
                            GError                **error)
{
  sqlite3_stmt *s = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id, version, status, status_detail, service_code, service_name,"
                          " category, description, agency, co_agencies, requested, updated,"
                          " expected, resolved, closed, lat, lon, address, media_url, priority,"
                          " channel, grid_code, resolved_level, satisfaction, supervised,"
                          " conflict_version, conflict_action, conflict_by_id, conflict_by_name,"
                          " conflict_department, conflict_at, sim_due, sim_flags,"
                          " extension_deadline, merged_into FROM cases"
                          " ORDER BY requested, id",
                          -1, &s, NULL) != SQLITE_OK)
    return fail (self, error, "reading cases");
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    func (case_from_row (s), user_data);
  sqlite3_finalize (s);
  if (rc != SQLITE_DONE)
    return fail (self, error, "reading cases");
  return TRUE;
}

gboolean
gw_center_store_put_department (GwCenterStore  *self,
                                const char     *code,
                                const char     *json,
                                GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_PUT_DEPARTMENT);

  sqlite3_bind_text (s, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, json, -1, SQLITE_STATIC);
  return step_done (self, s, error, "writing a department");
}

gboolean
gw_center_store_append_event (GwCenterStore  *self,
                              guint64         sequence,
                              const char     *type,
                              const char     *time,
                              const char     *case_id,
                              const char     *json,
                              GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_APPEND_EVENT);

  sqlite3_bind_int64 (s, 1, (sqlite3_int64) sequence);
  sqlite3_bind_text (s, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, time, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, case_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 5, json, -1, SQLITE_STATIC);
  return step_done (self, s, error, "appending an event");
}

guint64
gw_center_store_oldest_event (GwCenterStore *self)
{
  sqlite3_stmt *s = stmt (self, STMT_OLDEST_EVENT);
  guint64 oldest = 0;

  if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_type (s, 0) != SQLITE_NULL)
    oldest = (guint64) sqlite3_column_int64 (s, 0);
  sqlite3_reset (s);
  return oldest;
}

gboolean
gw_center_store_prune (GwCenterStore  *self,
                       guint64         sequence,
                       GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_PRUNE);

  sqlite3_bind_int64 (s, 1, (sqlite3_int64) sequence);
  return step_done (self, s, error, "pruning events");
}

gboolean
gw_center_store_read_events (GwCenterStore  *self,
                             guint64         after,
                             guint           limit,
                             gsize           max_bytes,
                             GPtrArray      *out,
                             guint64        *last,
                             GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_READ_EVENTS);
  gsize bytes = 0;
  int rc;

  sqlite3_bind_int64 (s, 1, (sqlite3_int64) after);
  sqlite3_bind_int (s, 2, (int) limit);
  *last = after;
  while (bytes < max_bytes && (rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      const char *json = (const char *) sqlite3_column_text (s, 1);

      *last = (guint64) sqlite3_column_int64 (s, 0);
      bytes += strlen (json);
      g_ptr_array_add (out, g_strdup (json));
    }
  sqlite3_reset (s);
  if (bytes < max_bytes && rc != SQLITE_DONE)
    return fail (self, error, "reading events");
  return TRUE;
}

gboolean
gw_center_store_case_events (GwCenterStore  *self,
                             const char     *case_id,
                             guint           limit,
                             GPtrArray      *out,
                             GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_CASE_EVENTS);
  guint first = out->len;
  int rc;

  sqlite3_bind_text (s, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (s, 2, (int) limit);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_ptr_array_insert (out, first, g_strdup ((const char *) sqlite3_column_text (s, 0)));
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return fail (self, error, "reading a case's events");
  return TRUE;
}

gboolean
gw_center_store_lookup_key (GwCenterStore  *self,
                            const char     *user,
                            const char     *key,
                            char          **request_hash,
                            guint          *status,
                            char          **body)
{
  sqlite3_stmt *s = stmt (self, STMT_LOOKUP_KEY);
  gboolean found = FALSE;

  sqlite3_bind_text (s, 1, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, key, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      *request_hash = column_dup (s, 0);
      *status = (guint) sqlite3_column_int (s, 1);
      *body = column_dup (s, 2);
      found = TRUE;
    }
  sqlite3_reset (s);
  return found;
}

gboolean
gw_center_store_put_key (GwCenterStore  *self,
                         const char     *user,
                         const char     *key,
                         const char     *request_hash,
                         guint           status,
                         const char     *body,
                         gint64          created,
                         GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_PUT_KEY);

  sqlite3_bind_text (s, 1, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, request_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int (s, 4, (int) status);
  sqlite3_bind_text (s, 5, body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 6, created);
  return step_done (self, s, error, "storing an idempotency key");
}

gboolean
gw_center_store_expire_keys (GwCenterStore  *self,
                             gint64          before,
                             GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_EXPIRE_KEYS);

  sqlite3_bind_int64 (s, 1, before);
  return step_done (self, s, error, "expiring idempotency keys");
}

/* Adds each row (day, count) of @s within the range to @counts. */
static gboolean
add_day_counts (GwCenterStore  *self,
                sqlite3_stmt   *s,
                gint64          first_day,
                guint           n_days,
                guint          *counts,
                GError        **error)
{
  int rc;

  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      gint64 day = sqlite3_column_int64 (s, 0);

      if (day >= first_day && day < first_day + n_days)
        counts[day - first_day] += (guint) sqlite3_column_int64 (s, 1);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return fail (self, error, "counting reported cases");
  return TRUE;
}

gboolean
gw_center_store_count_reported (GwCenterStore  *self,
                                gint64          first_day,
                                guint           n_days,
                                const char     *area,
                                guint          *counts,
                                GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_COUNT_CASES);
  gint64 from = (first_day * 86400 - GW_CENTER_ZONE_OFFSET) * G_USEC_PER_SEC;

  sqlite3_bind_int64 (s, 1, from);
  sqlite3_bind_int64 (s, 2, from + (gint64) n_days * 86400 * G_USEC_PER_SEC);
  sqlite3_bind_int (s, 3, GW_CENTER_ZONE_OFFSET);
  sqlite3_bind_text (s, 4, area, -1, SQLITE_STATIC);
  if (!add_day_counts (self, s, first_day, n_days, counts, error))
    return FALSE;

  s = stmt (self, STMT_COUNT_ARCHIVE);
  sqlite3_bind_int64 (s, 1, first_day);
  sqlite3_bind_int64 (s, 2, first_day + n_days);
  sqlite3_bind_text (s, 3, area, -1, SQLITE_STATIC);
  return add_day_counts (self, s, first_day, n_days, counts, error);
}

gboolean
gw_center_store_add_archive (GwCenterStore  *self,
                             gint64          day,
                             const char     *grid_code,
                             guint           reported,
                             GError        **error)
{
  sqlite3_stmt *s = stmt (self, STMT_PUT_ARCHIVE);

  sqlite3_bind_int64 (s, 1, day);
  sqlite3_bind_text (s, 2, grid_code, -1, SQLITE_STATIC);
  sqlite3_bind_int (s, 3, (int) reported);
  return step_done (self, s, error, "writing the archive");
}
