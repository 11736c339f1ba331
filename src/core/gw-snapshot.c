/* gw-snapshot.c: decoding `GET /v1/snapshot`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot of a big centre holds 100,000 cases or more. json-glib parses
 * about 10 MB/s and keeps the whole tree (about 15 times the text), so the
 * snapshot is not handed to it: the strict reader of gw-json-check.c walks the
 * top-level object and builds a JSON tree for one case or department at a time,
 * which the same validators as the feed's turn into objects and then drop.
 */
#define G_LOG_DOMAIN "gridwall-core"

#include "config.h"

#include <string.h>

#include "gw-case-private.h"
#include "gw-case-type-private.h"
#include "gw-department-private.h"
#include "gw-event-private.h"
#include "gw-json-check.h"
#include "gw-validate-private.h"

struct _GwSnapshot
{
  guint64     sequence;
  GDateTime  *generated;
  GwMode      mode;
  char       *mode_reason;
  char       *mode_case;
  GPtrArray  *cases;
  GPtrArray  *departments;
  GPtrArray  *case_types;
};

typedef struct
{
  GwCoreJsonReader  reader;
  GwSnapshot   *snapshot;
  GHashTable   *case_ids;   /* borrowed from the cases */
  GHashTable   *department_codes;
  GHashTable   *case_type_codes;
  JsonObject   *scalars;    /* the other members of the top-level object */
} Decoder;

void
gw_snapshot_free (GwSnapshot *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->generated, g_date_time_unref);
  g_free (self->mode_reason);
  g_free (self->mode_case);
  g_clear_pointer (&self->cases, g_ptr_array_unref);
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_clear_pointer (&self->case_types, g_ptr_array_unref);
  g_free (self);
}

typedef gpointer (*ItemDecoder) (Decoder     *decoder,
                                 JsonObject  *object,
                                 guint        index,
                                 GError     **error);

static gpointer
decode_case (Decoder     *decoder,
             JsonObject  *object,
             guint        index,
             GError     **error)
{
  g_autoptr(GwCase) item = gw_case_new_from_json_at (object, "", error);
  const char *id;

  if (item == NULL)
    {
      JsonNode *id_node = json_object_get_member (object, "service_request_id");

      if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node) &&
          json_node_get_value_type (id_node) == G_TYPE_STRING)
        {
          g_autofree char *quoted = gw_core_quote (json_node_get_string (id_node));
          g_prefix_error (error, "case %u (%s): ", index, quoted);
        }
      else
        {
          g_prefix_error (error, "case %u: ", index);
        }
      return NULL;
    }

  id = gw_case_get_id (item);
  if (!g_hash_table_add (decoder->case_ids, (gpointer) id))
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "case %u: service_request_id \"%s\" appears twice", index, id);
      return NULL;
    }
  return g_steal_pointer (&item);
}

static gpointer
decode_department (Decoder     *decoder,
                   JsonObject  *object,
                   guint        index,
                   GError     **error)
{
  g_autoptr(GwDepartment) item = gw_department_new_from_json_at (object, "", error);
  const char *code;

  if (item == NULL)
    {
      g_prefix_error (error, "department %u: ", index);
      return NULL;
    }
  code = gw_department_get_code (item);
  if (!g_hash_table_add (decoder->department_codes, (gpointer) code))
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "department %u: code \"%s\" appears twice", index, code);
      return NULL;
    }
  return g_steal_pointer (&item);
}

static gpointer
decode_case_type (Decoder     *decoder,
                  JsonObject  *object,
                  guint        index,
                  GError     **error)
{
  g_autoptr(GwCaseType) item = gw_case_type_new_from_json_at (object, "", error);
  const char *code;

  if (item == NULL)
    {
      g_prefix_error (error, "case type %u: ", index);
      return NULL;
    }
  code = gw_case_type_get_service_code (item);
  if (!g_hash_table_add (decoder->case_type_codes, (gpointer) code))
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_RANGE,
                   "case type %u: service_code \"%s\" appears twice", index, code);
      return NULL;
    }
  return g_steal_pointer (&item);
}

static gboolean
decode_items (Decoder      *decoder,
              const char   *kind,
              ItemDecoder   decode_item,
              GPtrArray    *into,
              GError      **error)
{
  const char *found = gw_core_json_reader_peek_kind (&decoder->reader);
  gboolean more = TRUE;

  if (found != NULL && strcmp (found, "an array") != 0)
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TYPE,
                   "field %s is %s, expected an array", kind, found);
      return FALSE;
    }
  if (!gw_core_json_reader_enter (&decoder->reader, '[', error))
    return FALSE;

  for (guint index = 0;; index++)
    {
      g_autoptr(JsonNode) node = NULL;
      gpointer item;

      if (!gw_core_json_reader_next (&decoder->reader, '[', index == 0, &more, NULL, error))
        return FALSE;
      if (!more)
        return TRUE;
      /* depth 2: the top-level object and this array hold it */
      if (!gw_core_json_reader_read_value (&decoder->reader, 2, &node, error))
        {
          g_prefix_error (error, "%s[%u]: ", kind, index);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TYPE,
                       "%s[%u] is %s, expected an object", kind, index,
                       gw_core_json_type_name (node));
          return FALSE;
        }
      item = decode_item (decoder, json_node_get_object (node), index, error);
      if (item == NULL)
        return FALSE;
      g_ptr_array_add (into, item);
    }
}

static gboolean
decode_member (Decoder     *decoder,
               const char  *key,
               GError     **error)
{
  JsonNode *node = NULL;

  if (json_object_has_member (decoder->scalars, key) ||
      (strcmp (key, "cases") == 0 && decoder->snapshot->cases != NULL) ||
      (strcmp (key, "departments") == 0 && decoder->snapshot->departments != NULL) ||
      (strcmp (key, "case_types") == 0 && decoder->snapshot->case_types != NULL))
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_SYNTAX,
                   "invalid JSON: duplicate member name \"%s\" at the top level", key);
      return FALSE;
    }

  if (strcmp (key, "cases") == 0)
    {
      decoder->snapshot->cases = g_ptr_array_new_with_free_func (g_object_unref);
      return decode_items (decoder, "cases", decode_case, decoder->snapshot->cases, error);
    }
  if (strcmp (key, "departments") == 0)
    {
      decoder->snapshot->departments = g_ptr_array_new_with_free_func (g_object_unref);
      return decode_items (decoder, "departments", decode_department,
                           decoder->snapshot->departments, error);
    }

  if (strcmp (key, "case_types") == 0)
    {
      decoder->snapshot->case_types = g_ptr_array_new_with_free_func (g_object_unref);
      return decode_items (decoder, "case_types", decode_case_type,
                           decoder->snapshot->case_types, error);
    }

  if (!gw_core_json_reader_read_value (&decoder->reader, 1, &node, error))
    return FALSE;
  json_object_set_member (decoder->scalars, key, node);
  return TRUE;
}

static gboolean
decode_scalars (Decoder     *decoder,
                GError     **error)
{
  GwSnapshot *snapshot = decoder->snapshot;
  JsonObject *top = decoder->scalars;
  JsonObject *mode;
  const char *sequence;

  if (snapshot->cases == NULL || snapshot->departments == NULL)
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_MISSING,
                   "field %s is missing", snapshot->cases == NULL ? "cases" : "departments");
      return FALSE;
    }

  if (!gw_core_field_string (top, "", "sequence", 0, GW_CHARSET_ANY, 0, G_MAXUINT, &sequence,
                             error) ||
      !gw_event_parse_sequence (sequence, TRUE, &snapshot->sequence, error) ||
      !gw_core_field_time (top, "", "generated", 0, &snapshot->generated, error))
    return FALSE;

  mode = gw_core_field_object (top, "", "mode", 0, error);
  return mode != NULL &&
         gw_event_read_mode (mode, "mode.", &snapshot->mode, &snapshot->mode_reason,
                       &snapshot->mode_case, error);
}

static gboolean
decode_top (Decoder  *decoder,
            GError  **error)
{
  const char *found = gw_core_json_reader_peek_kind (&decoder->reader);
  gboolean more = TRUE;

  if (found != NULL && strcmp (found, "an object") != 0)
    {
      g_set_error (error, GW_PROTOCOL_ERROR, GW_PROTOCOL_ERROR_TYPE,
                   "the top-level value is %s, expected an object", found);
      return FALSE;
    }
  if (!gw_core_json_reader_enter (&decoder->reader, '{', error))
    return FALSE;

  for (gboolean first = TRUE;; first = FALSE)
    {
      g_autofree char *key = NULL;

      if (!gw_core_json_reader_next (&decoder->reader, '{', first, &more, &key, error))
        return FALSE;
      if (!more)
        break;
      if (!decode_member (decoder, key, error))
        return FALSE;
    }

  return gw_core_json_reader_end (&decoder->reader, error) && decode_scalars (decoder, error);
}

/**
 * gw_snapshot_decode:
 * @bytes: the body of `GET /v1/snapshot`
 * @error: where to put a GW_PROTOCOL_ERROR
 *
 * Decodes and validates a snapshot; any bad case or department rejects the
 * whole of it, with its index and id in the message. Thread-safe; about
 * a second for 100,000 cases, so run it in a GTask thread.
 *
 * Returns: (transfer full) (nullable): the snapshot, or %NULL with @error set
 */
GwSnapshot *
gw_snapshot_decode (GBytes  *bytes,
                    GError **error)
{
  Decoder decoder = { 0 };
  gsize length;
  const char *text;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = g_bytes_get_data (bytes, &length);
  if (text == NULL)
    text = "";

  if (!gw_core_check_bytes (text, length, GW_SNAPSHOT_MAX_SIZE, error))
    {
      g_prefix_error (error, "snapshot rejected: ");
      return NULL;
    }

  gw_core_json_reader_init (&decoder.reader, text, length, GW_JSON_MAX_DEPTH);
  decoder.snapshot = g_new0 (GwSnapshot, 1);
  decoder.case_ids = g_hash_table_new (g_str_hash, g_str_equal);
  decoder.department_codes = g_hash_table_new (g_str_hash, g_str_equal);
  decoder.case_type_codes = g_hash_table_new (g_str_hash, g_str_equal);
  decoder.scalars = json_object_new ();

  ok = decode_top (&decoder, error);

  gw_core_json_reader_clear (&decoder.reader);
  g_hash_table_unref (decoder.case_ids);
  g_hash_table_unref (decoder.department_codes);
  g_hash_table_unref (decoder.case_type_codes);
  json_object_unref (decoder.scalars);

  if (!ok)
    {
      g_prefix_error (error, "snapshot rejected: ");
      g_clear_pointer (&decoder.snapshot, gw_snapshot_free);
    }
  else if (decoder.snapshot->case_types == NULL)
    /* Optional: centres before case types were in the protocol. */
    decoder.snapshot->case_types = g_ptr_array_new_with_free_func (g_object_unref);
  return decoder.snapshot;
}

guint64
gw_snapshot_get_sequence (GwSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->sequence;
}

GwMode
gw_snapshot_get_mode (GwSnapshot *self)
{
  g_return_val_if_fail (self != NULL, GW_MODE_NORMAL);
  return self->mode;
}

const char *
gw_snapshot_get_mode_reason (GwSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->mode_reason;
}

const char *
gw_snapshot_get_mode_case (GwSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->mode_case;
}

GDateTime *
gw_snapshot_get_generated (GwSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->generated;
}

/**
 * gw_snapshot_get_cases:
 * @self: a snapshot
 *
 * Returns: (transfer none) (element-type GwCase): the cases, in the
 *   snapshot's order. gw_case_store_load_snapshot takes references to these
 *   very objects: load a snapshot into one store only.
 */
GPtrArray *
gw_snapshot_get_cases (GwSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->cases;
}

GPtrArray *
gw_snapshot_get_departments (GwSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->departments;
}

/**
 * gw_snapshot_get_case_types:
 * @self: a snapshot
 *
 * Returns: (transfer none) (element-type GwCaseType): the centre's case types
 *   (empty for a centre that sends none)
 */
GPtrArray *
gw_snapshot_get_case_types (GwSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->case_types;
}
