/*
 * test_grade.c — the 5-grade rules of src/core/grade.c.
 *
 * Hand-worked cases against the default rules (docs/assess.md): points
 * excess 1 / clear excess 2, rising trend 2, 1 severe 2 / 3+ severe 3,
 * 1 hot cell 2 / 3+ hot cells 3, emerging 1; grade 2 from score 1, 3 from 2,
 * 4 from 3, 5 from 7.  Then properties over generated cases: deterministic,
 * monotone in every indicator, and every reason carries a real value.
 */
#include "unit.h"

#include "core/grade.h"

static GradeInput
calm(void)
{
	GradeInput	in;

	in.observed = 6;
	in.expected = 6;
	in.rate_p = 0.5;
	in.trend_z = 0.1;
	in.trend_p = 0.9;
	in.severe = 0;
	in.hot_cells = 0;
	in.emerging_hot = 0;
	in.coverage = 0.9;
	in.survey = NAN;
	return in;
}

static bool
has(const GradeResult *g, GradeReasonCode code)
{
	int			i;

	for (i = 0; i < g->nreasons; i++)
		if (g->reasons[i].code == code)
			return true;
	return false;
}

/* a tiny deterministic generator (LCG), so failures are reproducible */
static unsigned long long seed = 42;
static double
rnd(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (seed >> 11) / 9007199254740992.0;
}

static GradeInput
random_input(void)
{
	GradeInput	in;

	in.observed = floor(rnd() * 40);
	in.expected = rnd() < 0.1 ? NAN : rnd() * 20;
	/* p falls as observed rises against expected, as a rate test's does */
	in.rate_p = isnan(in.expected) ? NAN : fmax(0.0, fmin(1.0, 1.0 - in.observed / (2.0 * in.expected + 10.0)));
	in.trend_z = rnd() < 0.1 ? NAN : (rnd() - 0.5) * 6;
	in.trend_p = isnan(in.trend_z) ? NAN : fmin(1.0, 2.0 * (1.0 - 0.5 * erfc(-fabs(in.trend_z) / sqrt(2.0))));
	in.severe = (int) floor(rnd() * 5);
	in.hot_cells = rnd() < 0.2 ? -1 : (int) floor(rnd() * 5);
	in.emerging_hot = in.hot_cells < 0 ? -1 : (int) floor(rnd() * 3);
	in.coverage = rnd() < 0.1 ? NAN : rnd();
	in.survey = rnd() * 6;
	return in;
}

void
suite_grade(void)
{
	GradeRules	r;
	GradeRules	bad;
	GradeInput	in;
	GradeResult g;
	GradeResult g2;
	char		text[256];
	int			i;

	grade_rules_default(&r);
	CHECK(grade_rules_check(&r) == NULL);

	/* calm: nothing triggers, full data → grade 1, confidence 1 */
	in = calm();
	CHECK(grade_input_check(&in) == NULL);
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 1);
	CHECK_NEAR(g.score, 0, 0);
	CHECK_NEAR(g.confidence, 1, 1e-12);
	CHECK_EQ_INT(g.nreasons, 0);

	/* significantly more than expected (p 0.03 < 0.05, ratio 12/7 < 2) → +1 → grade 2 */
	in = calm();
	in.observed = 12;
	in.expected = 7;
	in.rate_p = 0.03;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 2);
	CHECK(has(&g, GR_EXCESS));
	CHECK_NEAR(g.reasons[0].value, 12, 0);
	CHECK_NEAR(g.reasons[0].threshold, 7, 0);

	/* clearly more: p 0.004 < 0.01 and 15 >= 2 × 6 → +2 → grade 3 */
	in.observed = 15;
	in.expected = 6;
	in.rate_p = 0.004;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 3);
	CHECK(has(&g, GR_EXCESS_HIGH) && !has(&g, GR_EXCESS));

	/* the small-count guard: 2 against a baseline of 1 is not "doubled, red" */
	in = calm();
	in.observed = 2;
	in.expected = 1;
	in.rate_p = 0.26;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 1);
	CHECK(has(&g, GR_SMALL_COUNT));
	CHECK_NEAR(g.confidence, 0.9, 1e-12);
	in.rate_p = 0.001;			/* even with a small p */
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 1);

	/* rising trend (z 2.1 > 0, p 0.036 < 0.10) → +2 → grade 3; falling trend adds nothing */
	in = calm();
	in.trend_z = 2.1;
	in.trend_p = 0.036;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 3);
	CHECK(has(&g, GR_TREND_UP));
	in.trend_z = -2.1;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 1);

	/* one severe incident → +2 → 3; three → +3 → 4 (not 2 + 3) */
	in = calm();
	in.severe = 1;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 3);
	in.severe = 3;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 4);
	CHECK_NEAR(g.score, 3, 0);

	/* several hot cells (+3) and serious events (+3): score 6 → still grade 4 */
	in.hot_cells = 4;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 4);
	CHECK_NEAR(g.score, 6, 0);
	/* ... with a rising trend as well (+2): score 8 ≥ 7 → grade 5 */
	in.trend_z = 2.5;
	in.trend_p = 0.012;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 5);
	CHECK_NEAR(g.score, 8, 0);

	/* missing inputs lower the confidence and say so; they are not zero */
	in = calm();
	in.expected = NAN;
	in.rate_p = NAN;
	in.trend_z = NAN;
	in.trend_p = NAN;
	in.hot_cells = -1;
	in.emerging_hot = -1;
	in.coverage = NAN;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 1);
	CHECK(has(&g, GR_NO_BASELINE) && has(&g, GR_NO_TREND) && has(&g, GR_NO_HOTSPOTS) && has(&g, GR_NO_COVERAGE));
	CHECK_NEAR(g.confidence, 1 - 0.25 - 0.15 - 0.10 - 0.10, 1e-12);

	/* low coverage: a caveat, the grade is not lowered, the confidence is */
	in = calm();
	in.severe = 1;
	in.coverage = 0.3;
	grade_assess(&in, &r, &g);
	CHECK_EQ_INT(g.grade, 3);
	CHECK(has(&g, GR_LOW_COVERAGE));
	CHECK_NEAR(g.confidence, 0.75, 1e-12);

	/* the survey rule is off by default, on when a threshold is set */
	in = calm();
	in.survey = 4.2;
	grade_assess(&in, &r, &g);
	CHECK(!has(&g, GR_SURVEY) && !has(&g, GR_NO_SURVEY));
	r.survey_threshold = 3.5;
	grade_assess(&in, &r, &g);
	CHECK(has(&g, GR_SURVEY));
	CHECK_EQ_INT(g.grade, 2);
	grade_rules_default(&r);

	/* texts carry the numbers, Swedish with a decimal comma */
	in = calm();
	in.observed = 15;
	in.expected = 6.5;
	in.rate_p = 0.004;
	grade_assess(&in, &r, &g);
	grade_reason_text(&g.reasons[0], &in, true, text, sizeof text);
	CHECK_EQ_STR(text, "Klart fler händelser än normalt: 15 (viktat) mot förväntat 6,5, p = 0,004");
	grade_reason_text(&g.reasons[0], &in, false, text, sizeof text);
	CHECK_EQ_STR(text, "Clearly more incidents than normal: 15 (weighted) against 6.5 expected, p = 0.004");
	CHECK_EQ_STR(grade_reason_key(GR_TREND_UP), "trend_up");
	CHECK(grade_reason_key(GR_NCODES) == NULL);

	/* input and rule checks */
	in = calm();
	in.observed = -1;
	CHECK(grade_input_check(&in) != NULL);
	in = calm();
	in.trend_p = NAN;
	CHECK(grade_input_check(&in) != NULL);		/* z without p */
	in = calm();
	in.coverage = 1.5;
	CHECK(grade_input_check(&in) != NULL);
	bad = r;
	bad.grade_at[2] = 1.5;
	CHECK(grade_rules_check(&bad) != NULL);		/* thresholds must increase */
	bad = r;
	bad.severe_many_points = 1;
	CHECK(grade_rules_check(&bad) != NULL);		/* a stronger tier gives at least as much */
	bad = r;
	bad.trend_alpha = 0;
	CHECK(grade_rules_check(&bad) != NULL);
	bad = r;
	bad.excess_alpha_high = 0.2;
	CHECK(grade_rules_check(&bad) != NULL);

	/* properties over generated cases */
	{
		int			nondet = 0,
					nonmono = 0,
					badreason = 0,
					badgrade = 0;

		for (i = 0; i < 20000; i++)
		{
			GradeInput	a = random_input();
			GradeInput	b;
			int			k;

			if (grade_input_check(&a) != NULL)
				continue;
			grade_assess(&a, &r, &g);
			grade_assess(&a, &r, &g2);
			if (memcmp(&g, &g2, sizeof g) != 0)
				nondet++;
			if (g.grade < 1 || g.grade > 5 || g.confidence < 0 || g.confidence > 1)
				badgrade++;
			for (k = 0; k < g.nreasons; k++)
				if (g.reasons[k].points > 0 && isnan(g.reasons[k].value))
					badreason++;

			/* more incidents (and so a smaller rate-test p) */
			b = a;
			b.observed += 1 + floor(rnd() * 10);
			if (!isnan(b.rate_p))
				b.rate_p = fmax(0.0, fmin(a.rate_p, 1.0 - b.observed / (2.0 * b.expected + 10.0)));
			grade_assess(&b, &r, &g2);
			if (g2.grade < g.grade)
				nonmono++;
			/* more severe incidents */
			b = a;
			b.severe += 1;
			grade_assess(&b, &r, &g2);
			if (g2.grade < g.grade)
				nonmono++;
			/* a stronger rising trend */
			b = a;
			if (!isnan(b.trend_z))
			{
				b.trend_z = fabs(b.trend_z) + 0.5;
				b.trend_p = fmin(a.trend_p, 2.0 * (1.0 - 0.5 * erfc(-b.trend_z / sqrt(2.0))));
				grade_assess(&b, &r, &g2);
				if (g2.grade < g.grade && a.trend_z <= b.trend_z)
					nonmono++;
			}
			/* more hot cells */
			b = a;
			if (b.hot_cells >= 0)
			{
				b.hot_cells += 1;
				b.emerging_hot += 1;
				grade_assess(&b, &r, &g2);
				if (g2.grade < g.grade)
					nonmono++;
			}
		}
		CHECK_EQ_INT(nondet, 0);
		CHECK_EQ_INT(nonmono, 0);
		CHECK_EQ_INT(badreason, 0);
		CHECK_EQ_INT(badgrade, 0);
	}
}
