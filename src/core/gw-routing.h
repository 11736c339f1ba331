/* gw-routing.h: which departments a case should go to (routing suggestions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The way FixMyStreet routes by category and area: a department fits a case
 * when its kind is the case type's default kind (GwCaseType department_kind),
 * and covers it when its jurisdiction `area` (a division code: 4 digits the
 * city, 6 a county, 9 a street) is a prefix of the case's grid code. Covering
 * departments of the right kind come first, the nearest level first (a street
 * office before the county's, the county's before the city's); then covering
 * departments of other kinds (co-handling candidates), nearest first.
 * Departments that do not cover the grid are never suggested.
 */
#pragma once

#include <gio/gio.h>

#include "gw-case.h"
#include "gw-case-type.h"
#include "gw-department.h"

G_BEGIN_DECLS

/**
 * GwRouteMatch:
 * @GW_ROUTE_KIND_AND_AREA: the case type's department kind, covering the grid
 * @GW_ROUTE_AREA: covers the grid, another kind
 */
typedef enum
{
  GW_ROUTE_KIND_AND_AREA,
  GW_ROUTE_AREA,
} GwRouteMatch;

typedef struct
{
  GwDepartment *department;  /* (transfer none): owned by the GwRouting */
  GwRouteMatch  match;
  guint         area_digits; /* length of the department's area code: 4, 6, 9 or 12 */
} GwRouteSuggestion;

#define GW_TYPE_ROUTING (gw_routing_get_type ())
G_DECLARE_FINAL_TYPE (GwRouting, gw_routing, GW, ROUTING, GObject)

/* @departments and @case_types: GListModels of GwDepartment and GwCaseType
 * (the case store's, gw_case_store_get_departments/get_case_types); the
 * routing follows their changes. */
GwRouting   *gw_routing_new               (GListModel  *departments,
                                           GListModel  *case_types);

GwCaseType  *gw_routing_lookup_case_type  (GwRouting   *self,
                                           const char  *service_code);

/* Ranked suggestions for a case of @service_code in @grid_code: a GArray of
 * GwRouteSuggestion, best first, at most @max (0: all). O(levels + answers). */
GArray      *gw_routing_suggest           (GwRouting   *self,
                                           const char  *service_code,
                                           const char  *grid_code,
                                           guint        max);
/* The same for @kase. */
GArray      *gw_routing_suggest_for_case  (GwRouting   *self,
                                           GwCase      *kase,
                                           guint        max);
/* The department of @department's kind at the level above its area (street ->
 * county -> city) that covers @grid_code, or NULL at the top. (transfer none) */
GwDepartment *gw_routing_level_above      (GwRouting    *self,
                                           GwDepartment *department,
                                           const char   *grid_code);
/* The default deadline 限时 of @kase assigned at @from (its type's hours by
 * priority; 72 h when the type is unknown). (transfer full) */
GDateTime   *gw_routing_default_deadline  (GwRouting   *self,
                                           GwCase      *kase,
                                           GDateTime   *from);

G_END_DECLS
