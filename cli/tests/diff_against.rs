//! `odata-codegen diff --against [REV] FILE`: a document compared with its committed version,
//! in a throwaway git repository.

use std::path::Path;
use std::process::Command;

const DOC: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Shop" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="device">
        <Key><PropertyRef Name="deviceKey"/></Key>
        <Property Name="deviceKey" Type="Edm.Int32" Nullable="false"/>
        <Property Name="iccid" Type="Edm.String"/>
        <Property Name="model" Type="Edm.String"/>
      </EntityType>
      <EntityContainer Name="Svc"><EntitySet Name="devices" EntityType="Shop.device"/></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .status()
        .expect("git runs")
        .success();
    assert!(ok, "git {args:?}");
}

fn diff(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_odata-codegen"))
        .current_dir(dir)
        .arg("diff")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_document_is_compared_with_its_committed_version() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q"]);
    std::fs::create_dir(dir.join("fixtures")).unwrap();
    let file = dir.join("fixtures/beta.xml");
    std::fs::write(&file, DOC).unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "beta"]);

    // Unchanged: no change, from the repository root or from the file's folder.
    let (code, out, err) = diff(
        dir,
        &["--against", "fixtures/beta.xml", "--fail-on", "docs"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("semver **patch** for the generated crate; 0 dangerous, 0 breaking, 0 additive, 0 compatible changes"),
        "{out}"
    );
    assert!(
        out.contains("`fixtures/beta.xml@HEAD` → `fixtures/beta.xml`: patch (`beta`)"),
        "{out}"
    );

    // `iccid` renamed to `iccId`, `model` removed, `osVersion` added.
    let changed = DOC.replace(r#"Name="iccid""#, r#"Name="iccId""#).replace(
        r#"<Property Name="model" Type="Edm.String"/>"#,
        r#"<Property Name="osVersion" Type="Edm.Int64"/>"#,
    );
    std::fs::write(&file, changed).unwrap();
    let (code, out, err) = diff(
        &dir.join("fixtures"),
        &["beta.xml", "--against", "--fail-on", "breaking"],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("`Shop.device/iccId` added; possibly renamed from `iccid`"),
        "{out}"
    );
    assert!(
        out.contains("`Shop.device/model` removed → `beta::models::Device::model`"),
        "{out}"
    );
    assert!(out.contains("#### Semver: major"), "{out}");
    assert!(out.contains("`Shop.device/osVersion` added"), "{out}");

    // An explicit revision, and one that does not exist.
    git(dir, &["commit", "-qam", "beta 2"]);
    let (code, out, _) = diff(dir, &["--against=HEAD~1", "fixtures/beta.xml"]);
    assert_eq!(code, 0);
    assert!(out.contains("possibly renamed from `iccid`"), "{out}");
    let (code, _, err) = diff(dir, &["--against=nope", "fixtures/beta.xml"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("fixtures/beta.xml: cannot read its version at nope"),
        "{err}"
    );
    // Two documents and --against do not go together.
    let (code, _, err) = diff(
        dir,
        &["--against", "fixtures/beta.xml", "fixtures/beta.xml"],
    );
    assert_eq!(code, 1, "{err}");
}
