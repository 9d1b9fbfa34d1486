/**
 * Data quality expectations in the manner of Deequ and Great Expectations: a {@link
 * io.mllifecycle.quality.DataQualitySuite} of named expectations (schema, completeness, ranges, allowed
 * categories, key uniqueness, row count, custom row predicates) evaluated over a table of columns into a
 * {@link io.mllifecycle.quality.DataQualityReport}. Used on training data ({@code Run.checkDataQuality}), as a
 * gate ({@code Gates.dataQuality}) and on production batches ({@code MonitorBuilder.expect}). Depends on
 * lifecycle-drift's {@code Table} and nothing else of core.
 */
@NullMarked
package io.mllifecycle.quality;

import org.jspecify.annotations.NullMarked;
