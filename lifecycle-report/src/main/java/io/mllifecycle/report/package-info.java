/**
 * Self-contained HTML reports (and their JSON) over the lifecycle's data: drift, run comparison, model
 * card, monitoring timeline and audit trail. Start at {@link io.mllifecycle.report.Reports}; keep a
 * report with a run or a version through {@link io.mllifecycle.report.ReportAttachments}.
 */
@NullMarked
package io.mllifecycle.report;

import org.jspecify.annotations.NullMarked;
