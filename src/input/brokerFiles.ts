// The broker's (and a topic's) configuration where teams really keep it, recognized by its content: a docker-compose
// file (`services:`), Strimzi resources (`apiVersion: kafka.strimzi.io/...`), Terraform with an aws_msk_configuration,
// an MSK configuration text (named msk...), and otherwise a .properties file. `--broker FILE` and a scenario's
// `broker: { file: ... }` take any of them; `--topic FILE` a .properties file or a Strimzi KafkaTopic.
import { extname } from 'node:path'
import { invalidValue } from '../../spec/index.js'
import { isCompose, readCompose } from './compose.js'
import {
  DeploymentBuilder,
  readText,
  type DeploymentFormat,
  type DeploymentOptions,
  type DeploymentRead,
} from './deployment.js'
import type { InputIssue } from './errors.js'
import { isMskPropertiesName, isMskTerraform, readMskProperties, readMskTerraform } from './msk.js'
import { parseProperties } from './properties.js'
import { isKubernetesResource, readStrimzi } from './strimzi.js'
import { fieldsOf, isMap, isScalar, originOf, parseYamlDocuments, textOf } from './yamlTree.js'

const YAML_HINT = /^(services\s*:|\s*apiVersion\s*:)/m

/** A .properties file as the role's entries. */
function readProperties(file: string, text: string, role: DeploymentOptions['role']): DeploymentRead {
  const builder = new DeploymentBuilder()
  for (const { key, value, line } of parseProperties(text)) builder.set(role, key, value, { file, line })
  return builder.build('properties')
}

/** Refuses a broker-only format given as a topic's file. */
function forRole(
  read: DeploymentRead | InputIssue,
  file: string,
  options: DeploymentOptions,
): DeploymentRead | InputIssue {
  if ('kind' in read) return read
  const brokerOnly: readonly DeploymentFormat[] = ['docker-compose', 'msk-terraform', 'msk-properties']
  if (options.role === 'topic' && brokerOnly.includes(read.format))
    return invalidValue(
      { file, line: null },
      'topic',
      'file',
      `${file} (${read.format})`,
      'a topic .properties file or a Strimzi KafkaTopic; give a docker-compose file or an MSK configuration with --broker',
    )
  return read
}

/** A file's text read as its format says; `file` names it in origins and messages, relative files start at `cwd`. */
export function readDeploymentText(
  file: string,
  text: string,
  cwd: string,
  options: DeploymentOptions,
): DeploymentRead | InputIssue {
  if (extname(file).toLowerCase() === '.tf' || isMskTerraform(text))
    return forRole(readMskTerraform(file, text, cwd), file, options)
  const yamlName = ['.yml', '.yaml'].includes(extname(file).toLowerCase())
  if (yamlName || YAML_HINT.test(text)) {
    const docs = parseYamlDocuments(file, text)
    if ('kind' in docs) return docs
    const [first] = docs
    if (first !== undefined && docs.length === 1 && isCompose(first))
      return forRole(readCompose(first, cwd), file, options)
    if (docs.length > 0 && docs.some(isKubernetesResource)) return readStrimzi(docs, options)
    // A flat `key: value` file is the role's settings; a nested one (a Helm values.yaml, a scenario) is not.
    const root = first?.doc.contents
    const flat = isMap(root) && root.items.every(pair => pair.value === null || isScalar(pair.value))
    if (yamlName && flat && first !== undefined) {
      const builder = new DeploymentBuilder()
      for (const field of fieldsOf(first, root))
        builder.set(options.role, field.key, textOf(field.value) ?? '', originOf(first, field.keyNode))
      return builder.build('properties')
    }
    if (yamlName && isMap(root))
      return invalidValue(
        { file, line: 1 },
        options.role,
        'file',
        file,
        'a docker-compose file (services:), Strimzi resources (apiVersion: kafka.strimzi.io/...), an MSK ' +
          'configuration (Terraform or its text) or a .properties file',
      )
  }
  if (options.role === 'broker' && isMskPropertiesName(file)) return readMskProperties(file, text)
  return readProperties(file, text, options.role)
}

/** Reads `file` (relative to `cwd`) as the configuration of a broker or a topic, whatever its format. */
export function readDeploymentFile(file: string, cwd: string, options: DeploymentOptions): DeploymentRead | InputIssue {
  const text = readText(file, cwd)
  return typeof text === 'string' ? readDeploymentText(file, text, cwd, options) : text
}
