"""Read the Frictionless data package that describes every table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# SQLite column types for each Frictionless field type. Dates stay ISO 8601 text,
# which sorts and compares correctly and works with SQLite's date functions.
SQLITE_TYPES = {
    "string": str,
    "date": str,
    "integer": int,
    "number": float,
    "boolean": int,
}


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    description: str
    type: str
    constraints: dict
    format: str | None = None

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    name: str
    description: str
    csv_path: Path
    schema_path: Path
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    missing_values: tuple[str, ...] = ("",)

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]

    def field(self, name: str) -> Field:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(f"{self.name} has no field {name!r}")


@dataclass(frozen=True)
class DataPackage:
    path: Path
    descriptor: dict
    resources: tuple[Resource, ...]
    # The package in the repository, when this one is a normalised copy of it
    # (see csv_files.prepared_package). Hashes, git history and the commit are
    # read from the original.
    original: DataPackage | None = None

    @property
    def source(self) -> DataPackage:
        """Return the package in the repository: the original of a copy, or this package."""
        return self.original or self

    @property
    def version(self) -> str:
        return self.descriptor["version"]

    @property
    def root(self) -> Path:
        return self.path.parent

    def resource(self, name: str) -> Resource:
        for resource in self.resources:
            if resource.name == name:
                return resource
        raise KeyError(f"the data package has no resource {name!r}")


def _as_tuple(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _load_resource(root: Path, descriptor: dict) -> Resource:
    schema_path = root / descriptor["schema"]
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    fields = tuple(
        Field(
            name=field["name"],
            title=field.get("title", ""),
            description=field.get("description", ""),
            type=field.get("type", "string"),
            constraints=field.get("constraints", {}),
            format=field.get("format"),
        )
        for field in schema["fields"]
    )
    foreign_keys = tuple(
        ForeignKey(
            fields=_as_tuple(fk["fields"]),
            # An empty resource name means a reference to the same table.
            resource=fk["reference"]["resource"] or descriptor["name"],
            reference_fields=_as_tuple(fk["reference"]["fields"]),
        )
        for fk in schema.get("foreignKeys", [])
    )
    return Resource(
        name=descriptor["name"],
        description=descriptor.get("description", ""),
        csv_path=root / descriptor["path"],
        schema_path=schema_path,
        fields=fields,
        primary_key=_as_tuple(schema["primaryKey"]),
        foreign_keys=foreign_keys,
        missing_values=tuple(schema.get("missingValues", [""])),
    )


def load_package(path: str | Path) -> DataPackage:
    """Load `datapackage.json` and every table schema it names.

    Raises FileNotFoundError or json.JSONDecodeError when a descriptor is
    missing or is not valid JSON.
    """
    path = Path(path).resolve()
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    resources = tuple(
        _load_resource(path.parent, resource) for resource in descriptor["resources"]
    )
    return DataPackage(path=path, descriptor=descriptor, resources=resources)
