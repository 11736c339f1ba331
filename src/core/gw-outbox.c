/* gw-outbox.c: the dispatcher's persistent outbox (SQLite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per command. WAL with synchronous=FULL: a command the desk was told
 * is queued survives a kill -9 and a power cut, and its key with it, so a
 * command that reached the centre before the app died is sent again with the
 * same key and applied once.
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "gw-command-private.h"
#include "gw-outbox.h"
#include "gw-validate-private.h"

#define SCHEMA_VERSION 1
#define MAX_BODY       (64 * 1024)

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS commands ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  key TEXT NOT NULL UNIQUE, case_id TEXT NOT NULL, version INTEGER NOT NULL,"
  "  action TEXT NOT NULL, body TEXT NOT NULL, created INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL, state TEXT NOT NULL, outcome TEXT, detail TEXT);";

struct _GwOutbox
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *commands;  /* key -> GwCommand: one object per row */
};

G_DEFINE_FINAL_TYPE (GwOutbox, gw_outbox, G_TYPE_OBJECT)

G_DEFINE_QUARK (gw-outbox-error-quark, gw_outbox_error)

static void
gw_outbox_finalize (GObject *object)
{
  GwOutbox *self = GW_OUTBOX (object);

  g_clear_pointer (&self->commands, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (gw_outbox_parent_class)->finalize (object);
}

static void
gw_outbox_class_init (GwOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_outbox_finalize;
}

static void
gw_outbox_init (GwOutbox *self)
{
  self->commands = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static gboolean
fail (GwOutbox      *self,
      GwOutboxError  code,
      const char    *what,
      GError       **error)
{
  g_set_error (error, GW_OUTBOX_ERROR, code, "outbox %s: %s: %s", self->path, what,
               self->db ? sqlite3_errmsg (self->db) : "out of memory");
  return FALSE;
}

static gboolean
exec (GwOutbox    *self,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return fail (self, GW_OUTBOX_ERROR_OPEN, "setting up", error);
  return TRUE;
}

/**
 * gw_outbox_path_for_center:
 * @center_uri: the centre's base URI
 * @user: (nullable): the user the token is
 *
 * Returns: (transfer full): where the outbox of this centre and user lives
 */
char *
gw_outbox_path_for_center (const char *center_uri,
                           const char *user)
{
  g_autofree char *seed = g_strconcat (center_uri, "\n", user ? user : "", NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  g_autofree char *name = g_strdup_printf ("outbox-%.16s.sqlite", hash);

  g_return_val_if_fail (center_uri != NULL, NULL);
  return g_build_filename (g_get_user_data_dir (), "gridwall", name, NULL);
}

static gboolean
check_schema (GwOutbox  *self,
              GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return fail (self, GW_OUTBOX_ERROR_OPEN, "not an SQLite database", error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, GW_OUTBOX_ERROR, GW_OUTBOX_ERROR_OPEN,
                   "outbox %s was written by a newer Gridwall (schema %d)", self->path, version);
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_outbox_new:
 * @path: the file (its folder is created)
 * @error: a GW_OUTBOX_ERROR_OPEN
 *
 * Returns: (transfer full) (nullable): the outbox
 */
GwOutbox *
gw_outbox_new (const char  *path,
               GError     **error)
{
  g_autoptr(GwOutbox) self = NULL;
  g_autofree char *folder = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GW_TYPE_OUTBOX, NULL);
  self->path = g_strdup (path);
  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, GW_OUTBOX_ERROR, GW_OUTBOX_ERROR_OPEN,
                   "outbox %s: cannot create the folder: %s", path, g_strerror (saved));
      return NULL;
    }
  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      fail (self, GW_OUTBOX_ERROR_OPEN, "cannot open", error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  /* FULL: a command the desk shows as queued must survive a power cut. */
  if (!check_schema (self, error) ||
      !exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", error) ||
      !exec (self, schema, error) ||
      !exec (self, "PRAGMA user_version=1", error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
gw_outbox_get_path (GwOutbox *self)
{
  g_return_val_if_fail (GW_IS_OUTBOX (self), NULL);
  return self->path;
}

/* Runs @sql with text and integer arguments: 's' a string (may be NULL),
 * 'i' a gint64, 'u' a guint. */
static gboolean
run (GwOutbox    *self,
     const char  *sql,
     const char  *types,
     GError     **error,
     ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list args;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fail (self, GW_OUTBOX_ERROR_WRITE, "preparing", error);
  va_start (args, error);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 's')
        sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
      else if (types[i] == 'i')
        sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
      else
        sqlite3_bind_int64 (stmt, i + 1, va_arg (args, guint));
    }
  va_end (args);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return fail (self, GW_OUTBOX_ERROR_WRITE, "storing a command", error);
  return TRUE;
}

/**
 * gw_outbox_add:
 * @self: an outbox
 * @case_id: the case
 * @version: the version the dispatcher saw (If-Match)
 * @action: the action
 * @body: its JSON body
 * @error: a GW_OUTBOX_ERROR
 *
 * Stores a new command with a fresh UUID as its idempotency key.
 *
 * Returns: (transfer full) (nullable): the command, once on disk
 */
GwCommand *
gw_outbox_add (GwOutbox    *self,
               const char  *case_id,
               gint64       version,
               GwAction     action,
               const char  *body,
               GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *key = g_uuid_string_random ();
  GwCommand *command;

  g_return_val_if_fail (GW_IS_OUTBOX (self), NULL);

  if (case_id == NULL || !gw_core_check_string (case_id, "case id", GW_CHARSET_ID, 1, 64, NULL) ||
      version < 1 || action >= GW_N_ACTIONS || body == NULL || strlen (body) > MAX_BODY)
    {
      g_set_error (error, GW_OUTBOX_ERROR, GW_OUTBOX_ERROR_INVALID,
                   "outbox: not a command: case %s, version %" G_GINT64_FORMAT,
                   case_id ? case_id : "(none)", version);
      return NULL;
    }
  if (!run (self, "INSERT INTO commands (key, case_id, version, action, body, created,"
                  " attempts, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 'queued')",
            "ssissi", error, key, case_id, version, gw_action_to_string (action), body,
            g_date_time_to_unix (now) * G_USEC_PER_SEC + g_date_time_get_microsecond (now)))
    return NULL;
  command = gw_command_new (key, case_id, version, action, body, now);
  g_hash_table_insert (self->commands, g_strdup (key), g_object_ref (command));
  return command;
}

static GwCommand *
command_from_row (GwOutbox     *self,
                  sqlite3_stmt *stmt)
{
  const char *key = (const char *) sqlite3_column_text (stmt, 0);
  g_autoptr(GDateTime) created = NULL;
  GwCommandState state = GW_COMMAND_QUEUED;
  GwAction action;
  GwCommand *command = g_hash_table_lookup (self->commands, key);

  if (command != NULL)
    return g_object_ref (command);
  if (!gw_action_from_string ((const char *) sqlite3_column_text (stmt, 3), &action))
    {
      g_message ("outbox %s: command %s has an unknown action, skipped", self->path, key);
      return NULL;
    }
  gw_command_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &state);
  created = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 5) / G_USEC_PER_SEC);
  command = gw_command_new (key, (const char *) sqlite3_column_text (stmt, 1),
                            sqlite3_column_int64 (stmt, 2), action,
                            (const char *) sqlite3_column_text (stmt, 4), created);
  gw_command_set_state (command, state, (guint) sqlite3_column_int (stmt, 6),
                        (const char *) sqlite3_column_text (stmt, 8));
  gw_command_details_from_json (command, (const char *) sqlite3_column_text (stmt, 9));
  g_hash_table_insert (self->commands, g_strdup (key), g_object_ref (command));
  return command;
}

/**
 * gw_outbox_list:
 * @self: an outbox
 * @error: a GW_OUTBOX_ERROR
 *
 * Returns: (transfer full) (element-type GwCommand): every command, oldest first
 */
GPtrArray *
gw_outbox_list (GwOutbox  *self,
                GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GW_IS_OUTBOX (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT key, case_id, version, action, body, created,"
                          " attempts, state, outcome, detail FROM commands ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      fail (self, GW_OUTBOX_ERROR_OPEN, "reading", error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwCommand *command = command_from_row (self, stmt);

      if (command != NULL)
        g_ptr_array_add (list, command);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      fail (self, GW_OUTBOX_ERROR_OPEN, "reading", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
store_state (GwOutbox        *self,
             GwCommand       *command,
             GwCommandState   state,
             guint            attempts,
             const char      *outcome,
             GError         **error)
{
  if (!run (self, "UPDATE commands SET state = ?1, attempts = ?2, outcome = ?3 WHERE key = ?4",
            "suss", error, gw_command_state_to_string (state), attempts, outcome,
            gw_command_get_key (command)))
    return FALSE;
  gw_command_set_state (command, state, attempts, outcome);
  return TRUE;
}

gboolean
gw_outbox_mark_sending (GwOutbox   *self,
                        GwCommand  *command,
                        GError    **error)
{
  g_return_val_if_fail (GW_IS_OUTBOX (self), FALSE);
  return store_state (self, command, GW_COMMAND_SENDING, gw_command_get_attempts (command),
                      gw_command_get_outcome (command), error);
}

gboolean
gw_outbox_mark_retry (GwOutbox    *self,
                      GwCommand   *command,
                      const char  *why,
                      GError     **error)
{
  g_return_val_if_fail (GW_IS_OUTBOX (self), FALSE);
  return store_state (self, command, GW_COMMAND_QUEUED, gw_command_get_attempts (command) + 1,
                      why, error);
}

gboolean
gw_outbox_finish (GwOutbox               *self,
                  GwCommand              *command,
                  const GwCommandOutcome *outcome,
                  GError                **error)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (GW_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (gw_command_state_is_final (outcome->state), FALSE);

  gw_command_set_details (command, outcome);
  detail = gw_command_details_to_json (command);
  if (!run (self, "UPDATE commands SET detail = ?1 WHERE key = ?2", "ss", error, detail,
            gw_command_get_key (command)))
    return FALSE;
  return store_state (self, command, outcome->state, gw_command_get_attempts (command) + 1,
                      outcome->outcome, error);
}

gboolean
gw_outbox_requeue (GwOutbox   *self,
                   GwCommand  *command,
                   gint64      version,
                   GError    **error)
{
  g_return_val_if_fail (GW_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (version >= 1, FALSE);

  if (!run (self, "UPDATE commands SET version = ?1 WHERE key = ?2", "is", error, version,
            gw_command_get_key (command)))
    return FALSE;
  gw_command_set_version (command, version);
  return store_state (self, command, GW_COMMAND_QUEUED, gw_command_get_attempts (command),
                      NULL, error);
}

gboolean
gw_outbox_dismiss (GwOutbox   *self,
                   GwCommand  *command,
                   GError    **error)
{
  g_return_val_if_fail (GW_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (gw_command_state_is_final (gw_command_get_state (command)), FALSE);

  if (!run (self, "DELETE FROM commands WHERE key = ?1", "s", error,
            gw_command_get_key (command)))
    return FALSE;
  g_hash_table_remove (self->commands, gw_command_get_key (command));
  return TRUE;
}
