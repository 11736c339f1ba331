/* gw-center-catalog.c: divisions, departments, case types and users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-catalog.h"
#include "gw-center.h"
#include "gw-center-util.h"

#include <string.h>

#define RESOURCE_PATH "/io/github/gridwall/Gridwall/center/"

const char * const gw_center_priorities[GW_N_PRIORITIES_WIRE] = {
  "normal", "urgent", "major",
};

const char * const gw_center_channels[GW_N_CHANNELS_WIRE] = {
  "grid_app", "hotline_12345", "police_110", "city_management", "video", "walk_in",
};

const char * const gw_center_categories[] = {
  "dispute", "safety", "urban", "environment", "livelihood", "public_order", "other", NULL,
};

/* Kind, code suffix, and how a county's department of that kind is named
 * ("%s" is the county's name). */
typedef struct
{
  const char *kind;
  const char *suffix;
  const char *county_format;
  const char *city_name_suffix;
} KindInfo;

static const KindInfo kinds[] = {
  { "police", "ga", "%s公安分局", "公安局" },
  { "urban_management", "cg", "%s城市管理局", "城市管理局" },
  { "civil_affairs", "mz", "%s民政局", "民政局" },
  { "fire", "xf", "%s消防救援大队", "消防救援支队" },
  { "market_supervision", "sj", "%s市场监督管理局", "市场监督管理局" },
  { "emergency_management", "yj", "%s应急管理局", "应急管理局" },
  { "environment", "hb", "%s生态环境分局", "生态环境局" },
  { "housing", "zj", "%s住房和城乡建设局", "住房和城乡建设局" },
  { "water", "sw", "%s水务局", "水务局" },
  { "transport", "jt", "%s交通运输局", "交通运输局" },
  { "health", "wj", "%s卫生健康委员会", "卫生健康委员会" },
  { "human_resources", "rs", "%s人力资源和社会保障局", "人力资源和社会保障局" },
  { "justice", "sf", "%s司法局", "司法局" },
};

const char * const gw_center_department_kinds[] = {
  "police", "urban_management", "civil_affairs", "fire", "market_supervision",
  "emergency_management", "environment", "housing", "water", "transport", "health",
  "human_resources", "justice", "street_office", NULL,
};

/* Prefectures whose grids we might be given; anything else gets a generic name. */
static const struct { const char *code, *name, *prefix, *area_code; } cities[] = {
  { "3601", "南昌市", "NC", "0791" },
  { "3602", "景德镇市", "JDZ", "0798" },
  { "3604", "九江市", "JJ", "0792" },
  { "3607", "赣州市", "GZ", "0797" },
};

static void
case_type_free (GwCenterCaseType *type)
{
  g_strfreev (type->descriptions);
  g_free (type);
}

static void
user_free (GwCenterUser *user)
{
  g_free (user->token);
  g_free (user->user);
  g_free (user->name);
  g_free (user->role);
  g_free (user);
}

static void
department_free (GwCenterDepartment *department)
{
  g_free ((char *) department->name);
  g_free ((char *) department->phone);
  g_free (department);
}

void
gw_center_catalog_free (GwCenterCatalog *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->grids, gw_grid_set_unref);
  g_clear_pointer (&self->grids_bytes, g_bytes_unref);
  g_free (self->center_code);
  g_free (self->center_name);
  g_free (self->city_code);
  g_free (self->city_name);
  g_free (self->case_id_prefix);
  g_clear_pointer (&self->case_types_by_code, g_hash_table_unref);
  g_clear_pointer (&self->case_types, g_ptr_array_unref);
  g_clear_pointer (&self->departments_by_code, g_hash_table_unref);
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_clear_pointer (&self->users_by_token, g_hash_table_unref);
  g_free (self);
}

static gboolean
weights_from_object (JsonObject         *object,
                     const char         *member,
                     const char * const *names,
                     guint               n,
                     double             *weights,
                     GError            **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonObject *map;
  double total = 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATA,
                   "case type %s: %s is not an object",
                   json_object_get_string_member_with_default (object, "service_code", "?"),
                   member);
      return FALSE;
    }
  map = json_node_get_object (node);
  for (guint i = 0; i < n; i++)
    {
      weights[i] = json_object_get_double_member_with_default (map, names[i], 0);
      if (weights[i] < 0)
        weights[i] = 0;
      total += weights[i];
    }
  if (total <= 0)
    {
      g_set_error (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATA,
                   "case type %s: %s are all zero",
                   json_object_get_string_member_with_default (object, "service_code", "?"),
                   member);
      return FALSE;
    }
  return TRUE;
}

static gboolean
string_in (const char         *value,
           const char * const *list)
{
  return value != NULL && g_strv_contains (list, value);
}

static GwCenterCaseType *
case_type_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(GPtrArray) descriptions = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  JsonObject *object;
  JsonArray *texts;
  GwCenterCaseType *type;
  const char *code, *name, *category, *kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  object = json_node_get_object (node);
  code = json_object_get_string_member_with_default (object, "service_code", NULL);
  name = json_object_get_string_member_with_default (object, "service_name", NULL);
  category = json_object_get_string_member_with_default (object, "category", NULL);
  kind = json_object_get_string_member_with_default (object, "department_kind", NULL);
  if (code == NULL || name == NULL || !string_in (category, gw_center_categories) ||
      !string_in (kind, gw_center_department_kinds) ||
      !json_object_has_member (object, "descriptions") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "descriptions")))
    goto bad;
  texts = json_object_get_array_member (object, "descriptions");
  for (guint i = 0; i < json_array_get_length (texts); i++)
    {
      const char *text = json_node_get_string (json_array_get_element (texts, i));

      if (text != NULL)
        g_ptr_array_add (descriptions, g_strdup (text));
    }
  if (descriptions->len == 0)
    goto bad;

  type = g_new0 (GwCenterCaseType, 1);
  type->service_code = g_intern_string (code);
  type->service_name = g_intern_string (name);
  type->category = g_intern_string (category);
  type->department_kind = g_intern_string (kind);
  type->deadline_hours = (guint) CLAMP (json_object_get_int_member_with_default (object,
                                                                                 "deadline_hours",
                                                                                 72), 1, 24 * 60);
  type->weight = MAX (json_object_get_double_member_with_default (object, "weight", 1), 0.01);
  type->n_descriptions = descriptions->len;
  type->descriptions = (char **) g_ptr_array_steal (descriptions, NULL);
  if (!weights_from_object (object, "priority_weights", gw_center_priorities,
                            GW_N_PRIORITIES_WIRE, type->priority_weights, error) ||
      !weights_from_object (object, "channel_weights", gw_center_channels,
                            GW_N_CHANNELS_WIRE, type->channel_weights, error))
    {
      case_type_free (type);
      return NULL;
    }
  return type;

bad:
  g_set_error_literal (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATA,
                       "case-types.json: a type lacks service_code, service_name, a known "
                       "category, a known department_kind or descriptions");
  return NULL;
}

static gboolean
load_case_types (GwCenterCatalog  *self,
                 GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *types;
  gsize len;
  const char *data;

  bytes = g_resources_lookup_data (RESOURCE_PATH "case-types.json", 0, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  root = gw_json_parse_untrusted (data, len, 16 * 1024 * 1024, 16, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "types") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "types")))
    {
      g_set_error_literal (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATA,
                           "case-types.json has no \"types\" array");
      return FALSE;
    }

  self->case_types = g_ptr_array_new_with_free_func ((GDestroyNotify) case_type_free);
  self->case_types_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  types = json_object_get_array_member (json_node_get_object (root), "types");
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      GwCenterCaseType *type = case_type_from_json (json_array_get_element (types, i), error);

      if (type == NULL)
        return FALSE;
      g_ptr_array_add (self->case_types, type);
      g_hash_table_insert (self->case_types_by_code, (gpointer) type->service_code, type);
      self->case_type_total_weight += type->weight;
    }
  if (self->case_types->len == 0)
    {
      g_set_error_literal (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATA,
                           "case-types.json holds no type");
      return FALSE;
    }
  return TRUE;
}

static char *
make_phone (const char *area_code,
            const char *department_code)
{
  guint64 h = gw_mix64 (gw_hash_string64 (department_code));

  return g_strdup_printf ("%s-86%06u", area_code, (guint) (h % 1000000));
}

static void
add_department (GwCenterCatalog *self,
                const char      *code,
                char            *name,
                const char      *kind,
                const char      *area,
                const char      *area_code)
{
  GwCenterDepartment *department = g_new0 (GwCenterDepartment, 1);

  department->code = g_intern_string (code);
  department->name = name;
  department->kind = g_intern_string (kind);
  department->area = g_intern_string (area);
  department->phone = make_phone (area_code, code);
  g_ptr_array_add (self->departments, department);
  g_hash_table_insert (self->departments_by_code, (gpointer) department->code, department);
}

static char *
street_office_name (const char *street)
{
  if (g_str_has_suffix (street, "镇") || g_str_has_suffix (street, "乡"))
    return g_strconcat (street, "人民政府", NULL);
  return g_strconcat (street, "办事处", NULL);
}

static int
compare_departments (gconstpointer a,
                     gconstpointer b)
{
  const GwCenterDepartment *da = *(const GwCenterDepartment **) a;
  const GwCenterDepartment *db = *(const GwCenterDepartment **) b;

  return strcmp (da->code, db->code);
}

static void
build_departments (GwCenterCatalog *self,
                   const char      *area_code)
{
  const GwGridFeature * const *counties, * const *streets;
  guint n_counties, n_streets;

  self->departments = g_ptr_array_new_with_free_func ((GDestroyNotify) department_free);
  self->departments_by_code = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *code = g_strdup_printf ("%s-%s", self->city_code, kinds[k].suffix);

      add_department (self, code, g_strconcat (self->city_name, kinds[k].city_name_suffix, NULL),
                      kinds[k].kind, self->city_code, area_code);
    }

  counties = gw_grid_set_get_level (self->grids, GW_GRID_LEVEL_COUNTY, &n_counties);
  for (guint c = 0; c < n_counties; c++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        g_autofree char *code = g_strdup_printf ("%s-%s", counties[c]->code, kinds[k].suffix);

        add_department (self, code, g_strdup_printf (kinds[k].county_format, counties[c]->name),
                        kinds[k].kind, counties[c]->code, area_code);
      }

  streets = gw_grid_set_get_level (self->grids, GW_GRID_LEVEL_STREET, &n_streets);
  for (guint s = 0; s < n_streets; s++)
    {
      g_autofree char *code = g_strdup_printf ("%s-jd", streets[s]->code);

      add_department (self, code, street_office_name (streets[s]->name), "street_office",
                      streets[s]->code, area_code);
    }
  g_ptr_array_sort (self->departments, compare_departments);
}

static gboolean
load_grids (GwCenterCatalog  *self,
            GBytes           *grids,
            GError          **error)
{
  const GwGridFeature * const *counties;
  const char *area_code = "0000";
  guint n_counties, n_grids;

  if (grids != NULL)
    self->grids_bytes = g_bytes_ref (grids);
  else
    self->grids_bytes = g_resources_lookup_data (RESOURCE_PATH "grids.geojson", 0, error);
  if (self->grids_bytes == NULL)
    return FALSE;
  self->grids = gw_grid_set_new_from_geojson (self->grids_bytes, error);
  if (self->grids == NULL)
    return FALSE;

  counties = gw_grid_set_get_level (self->grids, GW_GRID_LEVEL_COUNTY, &n_counties);
  gw_grid_set_get_level (self->grids, GW_GRID_LEVEL_GRID, &n_grids);
  if (n_counties == 0 || n_grids == 0)
    {
      g_set_error_literal (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATA,
                           "the grids hold no county or no grid");
      return FALSE;
    }

  self->city_code = g_strndup (counties[0]->code, 4);
  self->city_name = g_strdup ("本市");
  self->case_id_prefix = g_strdup ("GW");
  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    if (strcmp (cities[i].code, self->city_code) == 0)
      {
        g_free (self->city_name);
        g_free (self->case_id_prefix);
        self->city_name = g_strdup (cities[i].name);
        self->case_id_prefix = g_strdup (cities[i].prefix);
        area_code = cities[i].area_code;
      }
  self->center_code = g_strconcat (self->city_code, "00", NULL);
  self->center_name = g_strconcat (self->city_name, "社会治理综合指挥中心", NULL);
  build_departments (self, area_code);
  return TRUE;
}

static GwCenterUser *
user_new (const char *token,
          const char *user,
          const char *name,
          const char *role)
{
  GwCenterUser *u = g_new0 (GwCenterUser, 1);

  u->token = g_strdup (token);
  u->user = g_strdup (user);
  u->name = g_strdup (name);
  u->role = g_strdup (role);
  return u;
}

static gboolean
load_tokens (GwCenterCatalog  *self,
             GBytes           *tokens,
             GError          **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *token;
  JsonNode *value;
  const char *data;
  gsize len;

  self->users_by_token = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                (GDestroyNotify) user_free);
  if (tokens == NULL)
    {
      GwCenterUser *users[] = {
        user_new ("demo-wall", "wall-01", "指挥大屏", "wall"),
        user_new ("demo-dispatcher", "dispatcher-01", "调度员 李娜", "dispatcher"),
        user_new ("demo-dispatcher-2", "dispatcher-02", "调度员 王强", "dispatcher"),
      };

      for (guint i = 0; i < G_N_ELEMENTS (users); i++)
        g_hash_table_insert (self->users_by_token, users[i]->token, users[i]);
      return TRUE;
    }

  data = g_bytes_get_data (tokens, &len);
  root = gw_json_parse_untrusted (data, len, 4 * 1024 * 1024, 8, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    goto bad;
  object = json_node_get_object (root);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &token, &value))
    {
      JsonObject *entry;
      const char *user, *name, *role;
      GwCenterUser *u;

      if (!JSON_NODE_HOLDS_OBJECT (value) || *token == '\0')
        goto bad;
      entry = json_node_get_object (value);
      user = json_object_get_string_member_with_default (entry, "user", NULL);
      name = json_object_get_string_member_with_default (entry, "name", NULL);
      role = json_object_get_string_member_with_default (entry, "role", NULL);
      if (user == NULL || *user == '\0' || name == NULL || role == NULL ||
          (strcmp (role, "wall") != 0 && strcmp (role, "dispatcher") != 0))
        goto bad;
      u = user_new (token, user, name, role);
      g_hash_table_insert (self->users_by_token, u->token, u);
    }
  return TRUE;

bad:
  g_set_error_literal (error, GW_CENTER_ERROR, GW_CENTER_ERROR_DATA,
                       "tokens: expected an object token -> {\"user\", \"name\", \"role\": "
                       "\"wall\" or \"dispatcher\"}");
  return FALSE;
}

GwCenterCatalog *
gw_center_catalog_new (GBytes  *grids,
                       GBytes  *tokens,
                       GError **error)
{
  g_autoptr(GwCenterCatalog) self = g_new0 (GwCenterCatalog, 1);

  if (!load_case_types (self, error) ||
      !load_grids (self, grids, error) ||
      !load_tokens (self, tokens, error))
    return NULL;
  return g_steal_pointer (&self);
}

guint
gw_center_pick_weighted (GRand        *rand,
                         const double *weights,
                         guint         n)
{
  double total = 0, x;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  x = g_rand_double (rand) * total;
  for (guint i = 0; i < n; i++)
    {
      if (x < weights[i])
        return i;
      x -= weights[i];
    }
  return n - 1;
}

const GwCenterCaseType *
gw_center_catalog_pick_case_type (GwCenterCatalog *self,
                                  GRand           *rand)
{
  double x = g_rand_double (rand) * self->case_type_total_weight;

  for (guint i = 0; i < self->case_types->len; i++)
    {
      const GwCenterCaseType *type = g_ptr_array_index (self->case_types, i);

      if (x < type->weight)
        return type;
      x -= type->weight;
    }
  return g_ptr_array_index (self->case_types, self->case_types->len - 1);
}

const GwCenterCaseType *
gw_center_catalog_lookup_type (GwCenterCatalog *self,
                               const char      *service_code)
{
  return g_hash_table_lookup (self->case_types_by_code, service_code);
}

const GwCenterDepartment *
gw_center_catalog_lookup_department (GwCenterCatalog *self,
                                     const char      *code)
{
  return code ? g_hash_table_lookup (self->departments_by_code, code) : NULL;
}

static const KindInfo *
kind_info (const char *kind)
{
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    if (strcmp (kinds[k].kind, kind) == 0)
      return &kinds[k];
  return NULL;
}

const GwCenterDepartment *
gw_center_catalog_city_department (GwCenterCatalog *self,
                                   const char      *kind)
{
  const KindInfo *info = kind_info (kind);
  g_autofree char *code = NULL;

  if (info == NULL)
    info = &kinds[1];  /* urban management takes what nobody else does */
  code = g_strdup_printf ("%s-%s", self->city_code, info->suffix);
  return gw_center_catalog_lookup_department (self, code);
}

const GwCenterDepartment *
gw_center_catalog_department_for (GwCenterCatalog *self,
                                  const char      *kind,
                                  const char      *grid_code)
{
  const KindInfo *info;
  g_autofree char *code = NULL;
  const GwCenterDepartment *department;

  if (grid_code == NULL || strlen (grid_code) < 9)
    return gw_center_catalog_city_department (self, kind);
  if (strcmp (kind, "street_office") == 0)
    code = g_strdup_printf ("%.9s-jd", grid_code);
  else if ((info = kind_info (kind)) != NULL)
    code = g_strdup_printf ("%.6s-%s", grid_code, info->suffix);
  department = code ? gw_center_catalog_lookup_department (self, code) : NULL;
  return department ? department : gw_center_catalog_city_department (self, kind);
}

const GwCenterUser *
gw_center_catalog_lookup_user (GwCenterCatalog *self,
                               const char      *token)
{
  return token ? g_hash_table_lookup (self->users_by_token, token) : NULL;
}

void
gw_center_department_to_json (const GwCenterDepartment *department,
                              GString            *out)
{
  g_string_append_c (out, '{');
  gw_json_append_key (out, "code", TRUE);
  gw_json_append_string (out, department->code);
  gw_json_append_key (out, "name", FALSE);
  gw_json_append_string (out, department->name);
  gw_json_append_key (out, "kind", FALSE);
  gw_json_append_string (out, department->kind);
  gw_json_append_key (out, "area", FALSE);
  gw_json_append_string (out, department->area);
  gw_json_append_key (out, "phone", FALSE);
  gw_json_append_string (out, department->phone);
  g_string_append_c (out, '}');
}

void
gw_center_case_type_to_json (const GwCenterCaseType *type,
                             GString                *out)
{
  g_string_append_c (out, '{');
  gw_json_append_key (out, "service_code", TRUE);
  gw_json_append_string (out, type->service_code);
  gw_json_append_key (out, "service_name", FALSE);
  gw_json_append_string (out, type->service_name);
  gw_json_append_key (out, "category", FALSE);
  gw_json_append_string (out, type->category);
  gw_json_append_key (out, "department_kind", FALSE);
  gw_json_append_string (out, type->department_kind);
  gw_json_append_key (out, "deadline_hours", FALSE);
  g_string_append_printf (out, "%u", type->deadline_hours);
  g_string_append_c (out, '}');
}

const GwCenterDepartment *
gw_center_catalog_level_above (GwCenterCatalog          *self,
                               const GwCenterDepartment *department,
                               const char               *grid_code)
{
  const char *kind = strcmp (department->kind, "street_office") == 0
                     ? "urban_management" : department->kind;
  gsize below = strlen (department->area);
  const GwCenterDepartment *best = NULL;

  for (guint i = 0; i < self->departments->len; i++)
    {
      const GwCenterDepartment *d = g_ptr_array_index (self->departments, i);
      gsize digits = strlen (d->area);

      if (strcmp (d->kind, kind) != 0 || digits >= below ||
          !g_str_has_prefix (grid_code, d->area))
        continue;
      if (best == NULL || digits > strlen (best->area))
        best = d;
    }
  return best;
}

gint64
gw_center_catalog_deadline (GwCenterCatalog *self,
                            const char      *service_code,
                            const char      *priority,
                            gint64           from,
                            double           speed)
{
  const GwCenterCaseType *type = gw_center_catalog_lookup_type (self, service_code);
  double hours = type ? type->deadline_hours : 72;

  if (g_strcmp0 (priority, "urgent") == 0)
    hours /= 2;
  else if (g_strcmp0 (priority, "major") == 0)
    hours /= 4;
  return from + (gint64) (hours * 3600.0 * G_USEC_PER_SEC / speed);
}
