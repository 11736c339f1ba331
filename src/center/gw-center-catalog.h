/* gw-center-catalog.h: what the centre knows before any case: the city's
 * divisions and departments, the case types, the users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-grid-set.h"

G_BEGIN_DECLS

#define GW_N_PRIORITIES_WIRE 3
#define GW_N_CHANNELS_WIRE   6

extern const char * const gw_center_priorities[GW_N_PRIORITIES_WIRE];
extern const char * const gw_center_channels[GW_N_CHANNELS_WIRE];
extern const char * const gw_center_categories[];
extern const char * const gw_center_department_kinds[];

typedef struct
{
  const char  *service_code;   /* interned */
  const char  *service_name;   /* interned */
  const char  *category;       /* interned */
  const char  *department_kind;
  guint        deadline_hours;
  double       weight;
  double       priority_weights[GW_N_PRIORITIES_WIRE];
  double       channel_weights[GW_N_CHANNELS_WIRE];
  char       **descriptions;
  guint        n_descriptions;
} GwCenterCaseType;

typedef struct
{
  const char *code;   /* interned */
  const char *name;
  const char *kind;   /* interned */
  const char *area;   /* interned */
  const char *phone;
} GwCenterDepartment;

typedef struct
{
  char *token;
  char *user;
  char *name;
  char *role;   /* "wall" or "dispatcher" */
} GwCenterUser;

typedef struct
{
  GwGridSet    *grids;
  GBytes       *grids_bytes;
  char         *center_code;    /* "360100" */
  char         *center_name;
  char         *city_code;      /* "3601" */
  char         *city_name;
  char         *case_id_prefix; /* "NC" */
  GPtrArray    *case_types;     /* GwCenterCaseType */
  GHashTable   *case_types_by_code;
  double        case_type_total_weight;
  GPtrArray    *departments;    /* GwCenterDepartment, sorted by code */
  GHashTable   *departments_by_code;
  GHashTable   *users_by_token; /* token -> GwCenterUser */
} GwCenterCatalog;

GwCenterCatalog *gw_center_catalog_new    (GBytes          *grids,
                                           GBytes          *tokens,
                                           GError         **error);
void             gw_center_catalog_free   (GwCenterCatalog *self);

const GwCenterCaseType   *gw_center_catalog_pick_case_type  (GwCenterCatalog *self,
                                                       GRand           *rand);
const GwCenterCaseType   *gw_center_catalog_lookup_type     (GwCenterCatalog *self,
                                                       const char      *service_code);
const GwCenterDepartment *gw_center_catalog_lookup_department (GwCenterCatalog *self,
                                                         const char      *code);
/* The department of @kind responsible for @grid_code: a street office for
 * street_office, else the county's. Falls back to the city's. */
const GwCenterDepartment *gw_center_catalog_department_for  (GwCenterCatalog *self,
                                                       const char      *kind,
                                                       const char      *grid_code);
const GwCenterDepartment *gw_center_catalog_city_department (GwCenterCatalog *self,
                                                       const char      *kind);
const GwCenterUser *gw_center_catalog_lookup_user     (GwCenterCatalog *self,
                                                       const char      *token);
void                gw_center_department_to_json      (const GwCenterDepartment *department,
                                                       GString            *out);
/* The default deadline 限时 of a case of @service_code and @priority assigned
 * at @from: the type's hours (72 if unknown), halved for urgent, quartered for
 * major, divided by @speed (the simulator's time factor). */
gint64              gw_center_catalog_deadline        (GwCenterCatalog *self,
                                                       const char      *service_code,
                                                       const char      *priority,
                                                       gint64           from,
                                                       double           speed);
/* The snapshot's CaseType: code, name, category, department_kind, deadline_hours. */
void                gw_center_case_type_to_json       (const GwCenterCaseType *type,
                                                       GString                *out);
/* The department of @department's kind (urban_management above a street
 * office) covering @grid_code at the nearest level above it, or NULL. */
const GwCenterDepartment *gw_center_catalog_level_above (GwCenterCatalog          *self,
                                                         const GwCenterDepartment *department,
                                                         const char               *grid_code);
guint               gw_center_pick_weighted           (GRand        *rand,
                                                       const double *weights,
                                                       guint         n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCenterCatalog, gw_center_catalog_free)

G_END_DECLS
