package io.mllifecycle.registry;

import static io.mllifecycle.store.Stage.PRODUCTION;
import static io.mllifecycle.store.Stage.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("deleting models, versions and their tags through the registry, audited")
class RegistryDeleteTest {
    private final RegistryFixture fx = new RegistryFixture();
    private final ModelRegistry models = fx.lifecycle.models();
    private final List<RegistryEvent> events = new ArrayList<>();

    RegistryDeleteTest() {
        models.addListener(events::add);
    }

    private List<String> actions(String subject) {
        return fx.lifecycle.audit().eventsFor(subject).stream().map(AuditEvent::action).toList();
    }

    @Test
    @DisplayName("tags of a model and of a version are removed, each with its audit event by the actor")
    void deleteTags() {
        ModelVersion v = models.register("churn", fx.run(Map.of("auc", 0.8), "w"), "model.bin",
                s -> s.tag("team", "risk").tag("owner", "ana"));
        fx.store.registry().updateModel("churn", "", Map.of("domain", "retention"), List.of());
        models.model("churn").deleteTag("domain");
        v.deleteTag("owner");
        assertThat(models.model("churn").record().tags()).doesNotContainKey("domain");
        assertThat(v.record().tags()).isEqualTo(Map.of("team", "risk"));
        assertThat(actions("churn")).contains("model.tag.delete");
        assertThat(actions("churn/1")).contains("model.version.tag.delete");
        assertThat(fx.lifecycle.audit().eventsFor("churn/1")).filteredOn(e -> e.action().endsWith("tag.delete"))
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("alice");
                    assertThat(e.details()).containsEntry("key", "owner");
                });
        assertThatThrownBy(() -> v.deleteTag("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag key");
    }

    @Test
    @DisplayName("a deleted version is gone, audited and announced, and no longer resolves")
    void deleteVersion() {
        ModelVersion v1 = fx.register("churn", Map.of("auc", 0.8));
        fx.register("churn", Map.of("auc", 0.9));
        v1.promote(STAGING);
        assertThat(models.resolve("churn@staging").version()).isEqualTo(1);
        v1.delete();
        assertThat(models.model("churn").versions()).extracting(ModelVersion::version).containsExactly(2);
        assertThatThrownBy(v1::record).isInstanceOf(NotFoundException.class).hasMessageContaining("churn/1");
        assertThatThrownBy(() -> models.resolve("churn/1")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> models.resolve("churn@staging")).isInstanceOf(NotFoundException.class);
        assertThat(fx.lifecycle.audit().eventsFor("churn/1")).filteredOn(e -> e.action().equals("model.version.delete"))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("stage", "STAGING"));
        assertThat(events).filteredOn(e -> e.type() == RegistryEvent.Type.VERSION_DELETED)
                .singleElement().satisfies(e -> assertThat(e.version()).isEqualTo(1));
        assertThat(fx.register("churn", Map.of("auc", 0.7)).version()).as("numbers are not given again").isEqualTo(3);
    }

    @Test
    @DisplayName("a version in PRODUCTION or behind an alias is not deleted, and nothing is written")
    void deleteVersion_refused() {
        ModelVersion v1 = fx.register("churn", Map.of("auc", 0.8));
        ModelVersion v2 = fx.register("churn", Map.of("auc", 0.9));
        v1.promote(STAGING).promote(PRODUCTION);
        models.model("churn").setAlias("challenger", 2);
        int audited = fx.lifecycle.audit().events().size();
        assertThatThrownBy(v1::delete).isInstanceOf(ConflictException.class).hasMessageContaining("PRODUCTION");
        assertThatThrownBy(v2::delete).isInstanceOf(ConflictException.class).hasMessageContaining("challenger");
        assertThat(fx.lifecycle.audit().events()).hasSize(audited);
        assertThat(models.model("churn").versions()).extracting(ModelVersion::version).containsExactly(1, 2);
        assertThat(events).noneMatch(e -> e.type() == RegistryEvent.Type.VERSION_DELETED);
    }

    @Test
    @DisplayName("a model is deleted with its versions, audited and announced; with an alias it is refused")
    void deleteModel() {
        fx.register("churn", Map.of("auc", 0.8));
        models.model("churn").setAlias("champion", 1);
        assertThatThrownBy(() -> models.model("churn").delete()).isInstanceOf(ConflictException.class)
                .hasMessageContaining("champion");
        assertThat(models.models()).extracting(RegisteredModel::name).contains("churn");
        models.model("churn").removeAlias("champion", 1);
        models.model("churn").delete();
        assertThat(models.models()).extracting(RegisteredModel::name).doesNotContain("churn");
        assertThatThrownBy(() -> models.resolve("churn/1")).isInstanceOf(NotFoundException.class);
        assertThat(actions("churn")).contains("model.delete");
        assertThat(events).filteredOn(e -> e.type() == RegistryEvent.Type.MODEL_DELETED).singleElement()
                .satisfies(e -> assertThat(e.model()).isEqualTo("churn"));
        assertThatThrownBy(() -> fx.register("churn", Map.of("auc", 0.8))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("deleted");
        List<ModelVersionRecord> none = fx.store.registry().listModels().stream()
                .flatMap(m -> fx.store.registry().listVersions(m.name()).stream()).toList();
        assertThat(none).noneMatch(v -> v.modelName().equals("churn"));
    }
}
