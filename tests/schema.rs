//! The JSON Schema of flow files (`archflow schema`, committed as
//! docs/flow.schema.json): fresh, every valid flow file of the project
//! validates against it, and unknown keys and bad enum values do not.

#[path = "support/flow_files.rs"]
mod flow_files;

use std::path::Path;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&archflow::schema::flow_schema()).expect("the schema is a schema")
}

/// A flow file's TOML as the JSON an editor checks.
fn as_json(source: &str) -> Value {
    let value: toml::Value = toml::from_str(source).expect("TOML");
    serde_json::to_value(value).expect("JSON")
}

#[test]
fn committed_schema_is_fresh() {
    let committed =
        std::fs::read_to_string(root().join(archflow::schema::SCHEMA_PATH)).unwrap_or_default();
    assert!(
        committed == archflow::schema::flow_schema_json(),
        "docs/flow.schema.json is stale: run `archflow schema > docs/flow.schema.json`"
    );
}

#[test]
fn every_valid_scenario_and_fixture_validates() {
    let validator = validator();
    let files = flow_files::scenario_and_fixture_files();
    let mut checked = 0;
    for path in files {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        // Files archflow itself refuses are the error fixtures.
        if archflow::load_file(&path).is_err() {
            continue;
        }
        let json = as_json(&source);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} files checked");
    assert!(validator.is_valid(&as_json(flow_files::FULL_FILE)));
}

#[test]
fn unknown_keys_and_bad_enums_do_not_validate() {
    let validator = validator();
    let good = "title = \"t\"\nflows = [\"a -> b\"]\n[nodes]\na = { icon = \"ec2\", in = \"vpc\" }\nb = { icon = \"./my.svg\" }\n[groups]\nvpc = { kind = \"vpc\" }\n";
    assert!(validator.is_valid(&as_json(good)));
    for bad in [
        good.replace("title", "titel"),
        good.replace("in = \"vpc\"", "inn = \"vpc\""),
        good.replace("kind = \"vpc\"", "kind = \"vcp\""),
        good.replace("icon = \"ec2\"", "icon = \"ec3\""),
        good.replace("[nodes]", "direction = \"sideways\"\n[nodes]"),
        good.replace("flows = [\"a -> b\"]\n", ""),
        format!("{good}[[edges]]\nfrom = \"a\"\nto = \"b\"\nstyle = \"dotted\"\n"),
    ] {
        assert!(!validator.is_valid(&as_json(&bad)), "accepted:\n{bad}");
    }
    let v11 = "title = \"t\"\n[nodes]\nigw = { icon = \"internet-gateway\", on = \"vpc\" }\n[groups]\nvpc = { kind = \"vpc\" }\nasg = { kind = \"auto-scaling-group\", spans = [\"igw\"] }\n[[edges]]\nfrom = \"igw\"\nto = [\"vpc\"]\nconstraint = false\n";
    assert!(validator.is_valid(&as_json(v11)));
}

#[test]
fn icons_and_group_kinds_are_enums() {
    let schema = archflow::schema::flow_schema();
    let icons = &schema["definitions"]["icon"]["anyOf"][0]["enum"];
    for entry in archflow::catalog::ICONS {
        assert!(icons
            .as_array()
            .is_some_and(|a| a.contains(&Value::from(entry.key))));
    }
    let kinds = &schema["definitions"]["group"]["properties"]["kind"]["enum"];
    assert_eq!(
        kinds.as_array().map(Vec::len),
        Some(archflow::model::GroupKind::ALL.len())
    );
}

/// archflow matches icon names ignoring case and separators, and people
/// write aliases kebab- or snake-cased (`cloudwatch-logs`, found by a new
/// user's file): the schema takes those forms too, so an editor does not
/// mark a file archflow reads.
#[test]
fn kebab_and_snake_forms_of_icon_aliases_validate() {
    let validator = validator();
    for icon in [
        "cloudwatch-logs",
        "cloudwatch_logs",
        "amazon-cloudfront",
        "Amazon CloudFront",
    ] {
        let src = format!("title = \"t\"\nflows = []\n[nodes]\nx = {{ icon = \"{icon}\" }}\n");
        assert!(archflow::load_source("q1.toml", src.as_bytes(), Path::new(".")).is_ok());
        assert!(validator.is_valid(&as_json(&src)), "schema refuses {icon}");
    }
}
