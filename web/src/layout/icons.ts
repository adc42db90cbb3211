import type { Component } from 'vue'
import {
  Avatar, Collection, Document, HomeFilled, Key, MapLocation, Monitor, OfficeBuilding, Setting, User,
} from '@element-plus/icons-vue'

export const ICONS: Record<string, Component> = {
  Avatar, Collection, Document, HomeFilled, Key, MapLocation, Monitor, OfficeBuilding, Setting, User,
}
