/* gw-center-sim.c: the simulated city: reports, and the closed loop of each case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports arrive as a Poisson process at options.rate a minute (real time),
 * each at a uniformly random point of a random grid. Each case then moves
 * through the 综治 closed loop, one event per step:
 *
 *   reported -> accepted -> assigned -> signed -> in_progress -> resolved
 *            -> reviewed -> closed
 *
 * with detours: a duplicate is merged at intake; nobody's assignment for
 * a while means the centre auto-assigns (a human dispatcher gets the first
 * minutes); a department may return a case (returned, then reassigned), ask
 * for an extension (extended), run late (the centre supervises it, 督办),
 * or escalate it to the city. Durations are simulated minutes divided by
 * options.speed. Every random choice about case N comes from a generator
 * seeded by (seed, N) or (seed, id, version), so a seed gives the same cases
 * whatever the timing.
 */
#define G_LOG_DOMAIN "gw-center"

#include "gw-center-sim.h"
#include "gw-center-util.h"

#include <math.h>
#include <string.h>

#define TICK_MS           100
#define MAX_STEPS_PER_TICK 500
#define MINUTE_US         (60.0 * G_USEC_PER_SEC)
#define SEED_DAYS         30
#define ARCHIVE_DAYS      35
#define DAY_US            ((gint64) 24 * 3600 * G_USEC_PER_SEC)

typedef struct
{
  gint64  due;
  gint64  version;
  char   *id;
} HeapEntry;

struct _GwCenterSim
{
  GwCenterEngine *engine;
  guint64         seed;
  double          speed;
  GArray         *heap;          /* HeapEntry, min-heap on due */
  GRand          *arrivals;
  guint64         n_reports;
  gint64          next_report;
  guint           tick_id;
};

/* A step the simulator takes. */
typedef struct
{
  const char *step;
  GwActor     actor;
  const char *note;
  const char *department;
  char       *owned_note;
  char       *owned_actor_id;
  char       *owned_actor_name;
} SimStep;

static void
sim_step_clear (SimStep *step)
{
  g_free (step->owned_note);
  g_free (step->owned_actor_id);
  g_free (step->owned_actor_name);
}

/* ---- the heap of due cases ---- */

static void
heap_swap (GArray *heap, guint a, guint b)
{
  HeapEntry tmp = g_array_index (heap, HeapEntry, a);

  g_array_index (heap, HeapEntry, a) = g_array_index (heap, HeapEntry, b);
  g_array_index (heap, HeapEntry, b) = tmp;
}

static void
heap_push (GArray     *heap,
           gint64      due,
           gint64      version,
           const char *id)
{
  HeapEntry entry = { due, version, g_strdup (id) };
  guint i = heap->len;

  g_array_append_val (heap, entry);
  while (i > 0 && g_array_index (heap, HeapEntry, (i - 1) / 2).due > due)
    {
      heap_swap (heap, i, (i - 1) / 2);
      i = (i - 1) / 2;
    }
}

static HeapEntry
heap_pop (GArray *heap)
{
  HeapEntry top = g_array_index (heap, HeapEntry, 0);
  guint i = 0, n;

  g_array_index (heap, HeapEntry, 0) = g_array_index (heap, HeapEntry, heap->len - 1);
  g_array_set_size (heap, heap->len - 1);
  n = heap->len;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;

      if (l < n && g_array_index (heap, HeapEntry, l).due < g_array_index (heap, HeapEntry, m).due)
        m = l;
      if (r < n && g_array_index (heap, HeapEntry, r).due < g_array_index (heap, HeapEntry, m).due)
        m = r;
      if (m == i)
        break;
      heap_swap (heap, i, m);
      i = m;
    }
  return top;
}

/* ---- randomness ---- */

static GRand *
case_rand (GwCenterSim        *self,
           const GwCenterCase *kase,
           guint64             salt)
{
  guint64 x = gw_mix64 (self->seed ^ gw_mix64 (gw_hash_string64 (kase->id)) ^
                        gw_mix64 ((guint64) kase->version * 0x10001 + salt));
  guint32 words[2] = { (guint32) x, (guint32) (x >> 32) };

  return g_rand_new_with_seed_array (words, 2);
}

static GRand *
report_rand (GwCenterSim *self,
             guint64      index)
{
  guint64 x = gw_mix64 (self->seed ^ gw_mix64 (index + 0x5eed));
  guint32 words[2] = { (guint32) x, (guint32) (x >> 32) };

  return g_rand_new_with_seed_array (words, 2);
}

static gint64
minutes (GwCenterSim *self,
         GRand       *rand,
         double       low,
         double       high,
         double       speed)
{
  return (gint64) (g_rand_double_range (rand, low, high) * MINUTE_US / speed);
}

/* ---- making cases ---- */

static const char *
short_name (const char *name)
{
  /* "民巷社区居委会" -> "民巷社区", "前进村委会" -> "前进村". */
  static const char * const suffixes[] = {
    "社区居委会", "社区", "居委会", "", "村民委员会", "村", "村委会", "村", "居民委员会", "",
    "家委会", "", NULL,
  };
  static GHashTable *cache;
  const char *interned = g_intern_string (name);
  const char *result;

  /* Only ever called from the centre's thread. */
  if (cache == NULL)
    cache = g_hash_table_new (NULL, NULL);
  result = g_hash_table_lookup (cache, interned);
  if (result != NULL)
    return result;
  result = interned;
  for (guint i = 0; suffixes[i]; i += 2)
    if (g_str_has_suffix (name, suffixes[i]))
      {
        g_autofree char *cut = g_strndup (name, strlen (name) - strlen (suffixes[i]));
        g_autofree char *whole = g_strconcat (cut, suffixes[i + 1], NULL);

        result = g_intern_string (whole);
        break;
      }
  g_hash_table_insert (cache, (gpointer) interned, (gpointer) result);
  return result;
}

static char *
fill_template (const char *template,
               const char *community,
               GRand      *rand)
{
  GString *out = g_string_new (NULL);

  for (const char *p = template; *p; )
    {
      if (g_str_has_prefix (p, "{community}"))
        {
          g_string_append (out, community);
          p += strlen ("{community}");
        }
      else if (g_str_has_prefix (p, "{building}"))
        {
          g_string_append_printf (out, "%d栋", g_rand_int_range (rand, 1, 40));
          p += strlen ("{building}");
        }
      else if (g_str_has_prefix (p, "{n}"))
        {
          g_string_append_printf (out, "%d", g_rand_int_range (rand, 2, 30));
          p += strlen ("{n}");
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

GwCenterCase *
gw_center_sim_make_case (GwCenterSim      *self,
                         const GwCenterCaseType *type,
                         GRand            *rand,
                         const char       *grid_code,
                         double            lon,
                         double            lat,
                         gint64            time)
{
  GwCenterEngine *engine = self->engine;
  GwGridSet *grids = engine->catalog->grids;
  const GwGridFeature *grid = gw_grid_set_lookup (grids, grid_code);
  const GwGridFeature *community = grid ? grid->parent : NULL;
  const GwGridFeature *street = community ? community->parent : NULL;
  const GwGridFeature *county = street ? street->parent : NULL;
  const char *community_name = community ? short_name (community->name) : "本社区";
  GwCenterCase *kase = gw_center_case_new ();
  guint i;

  kase->id = gw_center_engine_next_case_id (engine, time);
  kase->service_code = type->service_code;
  kase->service_name = type->service_name;
  kase->category = type->category;
  i = (guint) g_rand_int_range (rand, 0, (gint32) type->n_descriptions);
  kase->description = fill_template (type->descriptions[i], community_name, rand);
  kase->priority = gw_center_priorities[gw_center_pick_weighted (rand, type->priority_weights,
                                                                 GW_N_PRIORITIES_WIRE)];
  kase->channel = gw_center_channels[gw_center_pick_weighted (rand, type->channel_weights,
                                                              GW_N_CHANNELS_WIRE)];
  kase->requested = kase->updated = time;
  kase->lat = lat;
  kase->lon = lon;
  kase->grid_code = g_intern_string (grid_code);
  kase->address = g_strdup_printf ("%s%s%s%d栋附近", county ? county->name : "",
                                   street ? street->name : "", community_name,
                                   g_rand_int_range (rand, 1, 40));
  if ((strcmp (kase->channel, "grid_app") == 0 || strcmp (kase->channel, "video") == 0) &&
      g_rand_double (rand) < 0.7)
    kase->media_url = g_strdup_printf ("https://media.gridwall.example/%s/%s.jpg",
                                       engine->catalog->center_code, kase->id);
  return kase;
}

static void
reporter_actor (GwCenterSim        *self,
                const GwCenterCase *kase,
                SimStep            *step)
{
  const GwGridFeature *grid = gw_grid_set_lookup (self->engine->catalog->grids, kase->grid_code);
  static const struct { const char *channel, *id, *name; } reporters[] = {
    { "hotline_12345", "hotline-12345", "12345政务服务热线" },
    { "police_110", "police-110", "110指挥中心" },
    { "city_management", "city-management", "数字城管平台" },
    { "video", "video-ai", "视频智能分析" },
    { "walk_in", "walk-in", "来访群众" },
  };

  if (strcmp (kase->channel, "grid_app") == 0 && grid != NULL && grid->n_workers > 0)
    {
      step->owned_actor_id = g_strdup_printf ("grid-worker-%s", grid->code);
      step->owned_actor_name = g_strdup_printf ("网格员 %s", grid->workers[0].name);
      step->actor.id = step->owned_actor_id;
      step->actor.name = step->owned_actor_name;
      return;
    }
  step->actor.id = "grid-worker";
  step->actor.name = "网格员";
  for (guint i = 0; i < G_N_ELEMENTS (reporters); i++)
    if (strcmp (kase->channel, reporters[i].channel) == 0)
      {
        step->actor.id = reporters[i].id;
        step->actor.name = reporters[i].name;
      }
}

/* ---- the workflow ---- */

static const GwActor intake = { "center-intake", "受理员 周敏" };
static const GwActor dispatcher_bot = { "center-auto", "智能派单" };
static const GwActor supervisor = { "center-supervisor", "督办员 陈刚" };
static const GwActor reviewer = { "center-review", "回访员 刘洋" };

static void
department_actor (GwCenterSim        *self,
                  const GwCenterCase *kase,
                  SimStep            *step)
{
  const GwCenterDepartment *department =
    gw_center_catalog_lookup_department (self->engine->catalog, kase->agency);

  step->actor.id = department ? department->code : "department";
  step->actor.name = department ? department->name : "承办部门";
  step->department = department ? department->code : NULL;
}

/* Plans when the simulator next acts on @next, as seen at @now. */
static void
plan (GwCenterSim  *self,
      GwCenterCase *next,
      gint64        now,
      double        speed)
{
  g_autoptr(GRand) rand = case_rand (self, next, 0x91a4);
  const char *s = next->status_detail;

  if (strcmp (s, "reported") == 0)
    next->sim_due = now + minutes (self, rand, 1, 5, speed);
  else if (strcmp (s, "accepted") == 0)
    next->sim_due = now + minutes (self, rand, 8, 20, speed);   /* a dispatcher's window */
  else if (strcmp (s, "returned") == 0 ||
           (strcmp (s, "extended") == 0 && next->extension_deadline != 0))
    next->sim_due = now + minutes (self, rand, 10, 30, speed);  /* a dispatcher's turn */
  else if (next->supervised && (strcmp (s, "in_progress") == 0 || strcmp (s, "extended") == 0))
    next->sim_due = now + minutes (self, rand, 5, 30, speed);   /* 督办 speeds it up */
  else if (strcmp (s, "assigned") == 0)
    next->sim_due = now + minutes (self, rand, 5, 40, speed);
  else if (strcmp (s, "signed") == 0)
    next->sim_due = now + minutes (self, rand, 10, 90, speed);
  else if (strcmp (s, "in_progress") == 0 || strcmp (s, "extended") == 0)
    {
      gint64 window = next->expected > now ? next->expected - now : 0;
      double f = g_rand_double (rand) < 0.82 ? g_rand_double_range (rand, 0.1, 0.9)
                                             : g_rand_double_range (rand, 1.05, 1.8);
      gint64 done = now + (gint64) (window * f) + minutes (self, rand, 5, 20, speed);

      if (next->expected == 0)
        next->sim_due = now + minutes (self, rand, 30, 240, speed);
      else if (done > next->expected)
        next->sim_due = next->expected + minutes (self, rand, 10, 60, speed);
      else
        next->sim_due = done;
    }
  else if (strcmp (s, "resolved") == 0)
    next->sim_due = now + minutes (self, rand, 30, 720, speed);
  else if (strcmp (s, "reviewed") == 0)
    next->sim_due = now + minutes (self, rand, 5, 60, speed);
  else
    next->sim_due = 0;
}

static gint64
deadline_for (GwCenterSim  *self,
              GwCenterCase *kase,
              gint64        now,
              double        speed)
{
  return gw_center_catalog_deadline (self->engine->catalog, kase->service_code, kase->priority,
                                     now, speed);
}

static const char *
default_kind (GwCenterSim        *self,
              const GwCenterCase *kase)
{
  const GwCenterCaseType *type = gw_center_catalog_lookup_type (self->engine->catalog,
                                                          kase->service_code);

  return type ? type->department_kind : "street_office";
}

static void
auto_assign (GwCenterSim  *self,
             GwCenterCase *next,
             GRand        *rand,
             gint64        now,
             double        speed,
             SimStep      *step)
{
  GwCenterCatalog *catalog = self->engine->catalog;
  const char *kind = default_kind (self, next);
  const GwCenterDepartment *department;

  /* A returned case goes to the street office, or from it to the county. */
  if (next->sim_flags & GW_SIM_RETURNED)
    kind = strcmp (kind, "street_office") == 0 ? "urban_management" : "street_office";
  department = gw_center_catalog_department_for (catalog, kind, next->grid_code);
  next->status_detail = g_intern_static_string ("assigned");
  next->agency = department->code;
  next->expected = deadline_for (self, next, now, speed);
  if (g_rand_double (rand) < 0.15)
    {
      const char *other_kind = strcmp (kind, "street_office") == 0 ? "police" : "street_office";
      const GwCenterDepartment *co = gw_center_catalog_department_for (catalog, other_kind,
                                                                 next->grid_code);
      const char *codes[] = { co->code, NULL };

      if (co != department)
        gw_center_case_set_co_agencies (next, codes);
    }
  step->step = "assigned";
  step->actor = dispatcher_bot;
  step->note = "超时未派，系统按职责清单自动派单";
  step->department = department->code;
}

static void
resolve (GwCenterSim  *self,
         GwCenterCase *next,
         GRand        *rand,
         gint64        now,
         SimStep      *step)
{
  static const char * const levels[] = { "village", "town", "county", "city" };
  static const double weights[] = { 55, 35, 8, 2 };
  static const char * const notes[] = {
    "已处置完毕，现场恢复正常", "经调解双方达成一致", "已督促责任主体整改到位",
    "已清理完毕", "已修复，恢复使用",
  };

  next->status_detail = g_intern_static_string ("resolved");
  next->resolved = now;
  if (next->sim_flags & GW_SIM_ESCALATED)
    next->resolved_level = g_rand_double (rand) < 0.7 ? "county" : "city";
  else
    next->resolved_level = levels[gw_center_pick_weighted (rand, weights, 4)];
  department_actor (self, next, step);
  step->step = "resolved";
  step->note = notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))];
}

static void
work_on (GwCenterSim  *self,
         GwCenterCase *next,
         GRand        *rand,
         gint64        now,
         double        speed,
         SimStep      *step)
{
  GwCenterCatalog *catalog = self->engine->catalog;
  double r = g_rand_double (rand);

  if (next->supervised)
    resolve (self, next, rand, now, step);
  else if (next->expected != 0 && now >= next->expected)
    {
      next->supervised = TRUE;
      step->step = "supervised";
      step->actor = supervisor;
      step->note = "已超处置时限，予以督办";
      step->department = next->agency;
    }
  else if (!(next->sim_flags & GW_SIM_EXTENDED) && strcmp (next->status_detail, "extended") != 0 &&
           r < 0.10)
    {
      next->sim_flags |= GW_SIM_EXTENDED;
      next->status_detail = g_intern_static_string ("extended");
      /* Asked for; the deadline moves once a dispatcher (or the centre) approves. */
      next->extension_deadline = MAX (next->expected, now) +
                                 (deadline_for (self, next, now, speed) - now) / 2;
      department_actor (self, next, step);
      step->step = "extended";
      step->note = "需协调多部门处置，申请延期";
    }
  else if (!(next->sim_flags & GW_SIM_ESCALATED) && r < 0.14)
    {
      const GwCenterDepartment *department = gw_center_catalog_lookup_department (catalog, next->agency);
      const GwCenterDepartment *up = gw_center_catalog_city_department (
        catalog, department && strcmp (department->kind, "street_office") != 0
                 ? department->kind : "urban_management");

      next->sim_flags |= GW_SIM_ESCALATED;
      department_actor (self, next, step);
      next->agency = up->code;
      step->step = "escalated";
      step->note = "超出本级处置能力，提请上级协调";
      step->department = up->code;
    }
  else
    resolve (self, next, rand, now, step);
}

/* Takes the next step of @kase as of @now; NULL when there is none. */
static GwCenterCase *
advance (GwCenterSim        *self,
         const GwCenterCase *kase,
         gint64              now,
         double              speed,
         SimStep            *step)
{
  g_autoptr(GRand) rand = case_rand (self, kase, 0xad7a);
  GwCenterCase *next = gw_center_case_copy (kase);
  const char *s = kase->status_detail;
  static const double satisfaction_weights[] = { 3, 4, 10, 30, 53 };

  next->updated = now;
  if (strcmp (s, "reported") == 0 && g_rand_double (rand) < 0.02)
    {
      next->status_detail = g_intern_static_string ("closed");
      next->closed = now;
      step->step = "merged";
      step->actor = intake;
      step->note = "与附近重复上报的案件合并办理";
    }
  else if (strcmp (s, "reported") == 0)
    {
      next->status_detail = g_intern_static_string ("accepted");
      step->step = "accepted";
      step->actor = intake;
      step->note = "已受理";
    }
  else if (strcmp (s, "accepted") == 0 || strcmp (s, "returned") == 0)
    auto_assign (self, next, rand, now, speed, step);
  else if (strcmp (s, "assigned") == 0 && !(kase->sim_flags & GW_SIM_RETURNED) &&
           g_rand_double (rand) < 0.08)
    {
      department_actor (self, next, step);
      next->sim_flags |= GW_SIM_RETURNED;
      next->status_detail = g_intern_static_string ("returned");
      next->agency = NULL;
      gw_center_case_set_co_agencies (next, NULL);
      step->step = "returned";
      step->note = "经核实不属于本单位职责范围，申请退回";
    }
  else if (strcmp (s, "assigned") == 0)
    {
      next->status_detail = g_intern_static_string ("signed");
      department_actor (self, next, step);
      step->step = "signed";
      step->note = "已签收";
    }
  else if (strcmp (s, "signed") == 0)
    {
      next->status_detail = g_intern_static_string ("in_progress");
      department_actor (self, next, step);
      step->step = "progress";
      step->note = "工作人员已到场处置";
    }
  else if (strcmp (s, "extended") == 0 && kase->extension_deadline != 0)
    {
      next->status_detail = g_intern_static_string ("in_progress");
      next->expected = kase->extension_deadline;
      next->extension_deadline = 0;
      step->step = "extension_approved";
      step->actor = dispatcher_bot;
      step->note = "超时未审批，系统自动批准延期";
      step->department = next->agency;
    }
  else if (strcmp (s, "in_progress") == 0 || strcmp (s, "extended") == 0)
    work_on (self, next, rand, now, speed, step);
  else if (strcmp (s, "resolved") == 0)
    {
      next->status_detail = g_intern_static_string ("reviewed");
      next->satisfaction = (int) gw_center_pick_weighted (rand, satisfaction_weights, 5) + 1;
      step->step = "reviewed";
      step->actor = reviewer;
      step->owned_note = g_strdup_printf ("电话回访，群众满意度 %d 分", next->satisfaction);
      step->note = step->owned_note;
    }
  else if (strcmp (s, "reviewed") == 0)
    {
      next->status_detail = g_intern_static_string ("closed");
      next->closed = now;
      step->step = "closed";
      step->actor = intake;
      step->note = "办结归档";
    }
  else
    {
      gw_center_case_free (next);
      return NULL;
    }
  if (step->step != NULL && strcmp (step->step, "supervised") == 0)
    next->status_detail = kase->status_detail;
  /* The version the plan's random stream is keyed on is the new one. */
  next->version = kase->version + 1;
  plan (self, next, now, speed);
  return next;
}

/* ---- running ---- */

void
gw_center_sim_schedule (GwCenterSim  *self,
                        GwCenterCase *kase)
{
  if (kase->sim_due != 0)
    heap_push (self->heap, kase->sim_due, kase->version, kase->id);
}

void
gw_center_sim_plan (GwCenterSim  *self,
                    GwCenterCase *next)
{
  gint64 version = next->version;

  next->version = version + 1;
  plan (self, next, next->updated ? next->updated : gw_center_engine_now (), self->speed);
  next->version = version;
}

static void
run_step (GwCenterSim        *self,
          const GwCenterCase *kase,
          gint64              now)
{
  SimStep step = { 0 };
  GwCenterCase *next = advance (self, kase, now, self->speed, &step);
  g_autoptr(GError) error = NULL;

  if (next != NULL)
    gw_center_engine_commit (self->engine, next, step.step, &step.actor, step.note,
                             step.department, NULL, NULL, NULL, &error);
  sim_step_clear (&step);
}

static const GwGridFeature *
pick_grid (GwCenterSim *self,
           GRand       *rand)
{
  guint n;
  const GwGridFeature * const *grids =
    gw_grid_set_get_level (self->engine->catalog->grids, GW_GRID_LEVEL_GRID, &n);

  return grids[g_rand_int_range (rand, 0, (gint32) n)];
}

/* The @index-th report of this seed, at @time. */
static GwCenterCase *
make_report (GwCenterSim *self,
             guint64      index,
             gint64       time)
{
  g_autoptr(GRand) rand = report_rand (self, index);
  const GwCenterCaseType *type = gw_center_catalog_pick_case_type (self->engine->catalog, rand);
  const GwGridFeature *grid = pick_grid (self, rand);
  double lon = grid->label_lon, lat = grid->label_lat;

  gw_grid_set_random_point (grid, rand, &lon, &lat);
  return gw_center_sim_make_case (self, type, rand, grid->code, lon, lat, time);
}

static void
report (GwCenterSim *self,
        gint64       now)
{
  GwCenterCase *kase = make_report (self, self->n_reports++, now);
  SimStep step = { 0 };

  reporter_actor (self, kase, &step);
  kase->version = 0;
  plan (self, kase, now, self->speed);
  gw_center_engine_commit (self->engine, kase, "reported", &step.actor, NULL, NULL, NULL,
                           NULL, NULL, NULL);
  sim_step_clear (&step);
}

static gint64
next_arrival (GwCenterSim *self,
              gint64       after)
{
  double mean_us = 60.0 * G_USEC_PER_SEC / self->engine->options.rate;
  double u = g_rand_double (self->arrivals);

  return after + (gint64) (-log (1.0 - u) * mean_us);
}

static gboolean
tick (gpointer user_data)
{
  GwCenterSim *self = user_data;
  gint64 now = gw_center_engine_now ();
  guint steps = 0;

  while (self->engine->options.rate > 0 && self->next_report <= now && steps < MAX_STEPS_PER_TICK)
    {
      report (self, self->next_report);
      self->next_report = next_arrival (self, self->next_report);
      steps++;
    }
  while (self->heap->len > 0 && g_array_index (self->heap, HeapEntry, 0).due <= now &&
         steps < MAX_STEPS_PER_TICK)
    {
      HeapEntry entry = heap_pop (self->heap);
      GwCenterCase *kase = gw_center_engine_lookup (self->engine, entry.id);

      if (kase != NULL && kase->version == entry.version && kase->sim_due == entry.due)
        {
          run_step (self, kase, MAX (entry.due, kase->updated));
          steps++;
        }
      g_free (entry.id);
    }
  return G_SOURCE_CONTINUE;
}

GwCenterSim *
gw_center_sim_new (GwCenterEngine *engine)
{
  GwCenterSim *self = g_new0 (GwCenterSim, 1);
  guint64 x;

  self->engine = engine;
  self->seed = engine->options.seed;
  self->speed = engine->options.speed > 0 ? engine->options.speed : 1;
  self->heap = g_array_new (FALSE, FALSE, sizeof (HeapEntry));
  x = gw_mix64 (self->seed ^ 0xa771);
  self->arrivals = g_rand_new_with_seed ((guint32) (x ^ (x >> 32)));
  engine->sim = self;
  for (guint i = 0; i < engine->case_order->len; i++)
    gw_center_sim_schedule (self, g_ptr_array_index (engine->case_order, i));
  return self;
}

void
gw_center_sim_free (GwCenterSim *self)
{
  if (self == NULL)
    return;
  self->engine->sim = NULL;
  gw_center_source_clear (&self->tick_id);
  for (guint i = 0; i < self->heap->len; i++)
    g_free (g_array_index (self->heap, HeapEntry, i).id);
  g_array_unref (self->heap);
  g_rand_free (self->arrivals);
  g_free (self);
}

void
gw_center_sim_start (GwCenterSim *self)
{
  gint64 now = gw_center_engine_now ();

  if (self->engine->options.rate > 0)
    self->next_report = next_arrival (self, now);
  /* Reports continue the seed's series where a previous run left it. */
  self->n_reports = self->engine->case_serial;
  self->tick_id = gw_center_timeout_add (TICK_MS, G_PRIORITY_DEFAULT, tick, self);
}

/* ---- seeding a new database ---- */

typedef struct
{
  GwCenterCase *kase;
  SimStep       step;
} Seeded;

static int
compare_seeded (gconstpointer a,
                gconstpointer b)
{
  const Seeded *sa = a, *sb = b;

  return (sa->kase->updated > sb->kase->updated) - (sa->kase->updated < sb->kase->updated);
}

/* Runs a case's workflow from its report up to @now at real speed. */
static void
seed_one (GwCenterSim *self,
          guint64      index,
          gint64       reported,
          gint64       now,
          Seeded      *out)
{
  GwCenterCase *kase = make_report (self, index, reported);
  SimStep last = { 0 };

  reporter_actor (self, kase, &last);
  last.step = "reported";
  kase->version = 1;
  plan (self, kase, reported, 1);
  while (kase->sim_due != 0 && kase->sim_due <= now)
    {
      SimStep step = { 0 };
      GwCenterCase *next = advance (self, kase, kase->sim_due, 1, &step);

      if (next == NULL)
        break;
      gw_center_case_free (kase);
      kase = next;
      sim_step_clear (&last);
      last = step;
    }
  if (kase->sim_due != 0)
    kase->sim_due = now + (gint64) ((kase->sim_due - now) / self->speed);
  out->kase = kase;
  out->step = last;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The ARCHIVE_DAYS before the seeded cases, at their density, as a centre
 * holds them once its old cases are archived: counts per day and grid only.
 * It costs one row a report, so a new centre starts as fast as before and
 * still answers GET /v1/stats/daily for the month before the snapshot's. */
static gboolean
seed_archive (GwCenterSim  *self,
              guint         n,
              gint64        before,
              GError      **error)
{
  guint64 n_archived = (guint64) n * ARCHIVE_DAYS / SEED_DAYS;
  gint64 span = ARCHIVE_DAYS * DAY_US;
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) gw_mix64 (self->seed ^ 0xa4c1));

  for (guint64 i = 0; i < n_archived; i++)
    {
      gint64 time = before - span + (gint64) (g_rand_double (rand) * span);
      gint64 day = (time / G_USEC_PER_SEC + GW_CENTER_ZONE_OFFSET) / 86400;
      const GwGridFeature *grid = pick_grid (self, rand);

      if (!gw_center_store_add_archive (self->engine->store, day, grid->code, 1, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gw_center_sim_seed (GwCenterSim  *self,
                    guint         n,
                    GError      **error)
{
  gint64 now = gw_center_engine_now ();
  gint64 span = (gint64) SEED_DAYS * 24 * 3600 * G_USEC_PER_SEC;
  g_autoptr(GRand) times = g_rand_new_with_seed ((guint32) gw_mix64 (self->seed ^ 0x7173));
  g_autofree gint64 *reported = g_new (gint64, MAX (n, 1));
  g_autofree Seeded *seeded = g_new0 (Seeded, MAX (n, 1));
  gboolean ok;
  guint i;

  for (i = 0; i < n; i++)
    reported[i] = now - span + (gint64) (g_rand_double (times) * span);
  /* Ids follow the order of report, events the order of last change. */
  qsort (reported, n, sizeof (gint64), compare_times);
  for (i = 0; i < n; i++)
    seed_one (self, self->n_reports++, reported[i], now, &seeded[i]);
  qsort (seeded, n, sizeof (Seeded), compare_seeded);

  ok = gw_center_engine_begin (self->engine, error);
  for (i = 0; i < n; i++)
    {
      Seeded *s = &seeded[i];

      if (ok)
        ok = gw_center_engine_commit_in_transaction (self->engine, g_steal_pointer (&s->kase),
                                                     s->step.step, &s->step.actor,
                                                     s->step.note, s->step.department, error);
      g_clear_pointer (&s->kase, gw_center_case_free);
      sim_step_clear (&s->step);
    }
  if (ok)
    ok = seed_archive (self, n, now - span, error);
  if (ok)
    ok = gw_center_engine_end (self->engine, error);
  else
    gw_center_store_rollback (self->engine->store);
  if (ok)
    gw_center_store_checkpoint (self->engine->store);
  return ok;
}
