// Generated from supabase/migrations by `npm run db:types` (@supabase/postgres-meta). Do not edit.

export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  public: {
    Tables: {
      audit_logs: {
        Row: {
          action: string
          department_id: string | null
          details: NonNullable<Json>
          id: string
          occurred_at: string
          received_at: string
          session_id: string | null
          source: string
          station_id: string | null
          user_id: string | null
        }
        Insert: {
          action: string
          department_id?: string | null
          details?: NonNullable<Json>
          id?: string
          occurred_at: string
          received_at?: string
          session_id?: string | null
          source: string
          station_id?: string | null
          user_id?: string | null
        }
        Update: {
          action?: string
          department_id?: string | null
          details?: NonNullable<Json>
          id?: string
          occurred_at?: string
          received_at?: string
          session_id?: string | null
          source?: string
          station_id?: string | null
          user_id?: string | null
        }
        Relationships: []
      }
      departments: {
        Row: {
          code: string
          created_at: string
          id: string
          name: string
        }
        Insert: {
          code: string
          created_at?: string
          id?: string
          name: string
        }
        Update: {
          code?: string
          created_at?: string
          id?: string
          name?: string
        }
        Relationships: []
      }
      device_outbox_states: {
        Row: {
          app_version: string | null
          department_id: string
          device_id: string
          oldest_pending_at: string | null
          pending: number
          refused: NonNullable<Json>
          refused_count: number
          reported_at: string
          session_id: string | null
          station_id: string | null
          user_id: string
        }
        Insert: {
          app_version?: string | null
          department_id: string
          device_id: string
          oldest_pending_at?: string | null
          pending: number
          refused?: NonNullable<Json>
          refused_count?: number
          reported_at?: string
          session_id?: string | null
          station_id?: string | null
          user_id: string
        }
        Update: {
          app_version?: string | null
          department_id?: string
          device_id?: string
          oldest_pending_at?: string | null
          pending?: number
          refused?: NonNullable<Json>
          refused_count?: number
          reported_at?: string
          session_id?: string | null
          station_id?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "device_outbox_states_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      dosing_calculations: {
        Row: {
          capped: boolean
          color: string | null
          concentration: string | null
          context_id: string | null
          created_at: string
          department_id: string
          dose_unit: string
          dose_value: number
          formulary_version: string
          has_danger_warning: boolean
          has_warnings: boolean
          id: string
          indication: string | null
          inputs: NonNullable<Json>
          medication: string
          received_at: string
          route: string
          session_id: string | null
          station_id: string | null
          user_id: string
          volume_ml: number | null
          warnings: NonNullable<Json>
        }
        Insert: {
          capped?: boolean
          color?: string | null
          concentration?: string | null
          context_id?: string | null
          created_at: string
          department_id: string
          dose_unit: string
          dose_value: number
          formulary_version: string
          has_danger_warning?: never
          has_warnings?: never
          id: string
          indication?: string | null
          inputs: NonNullable<Json>
          medication: string
          received_at?: string
          route: string
          session_id?: string | null
          station_id?: string | null
          user_id: string
          volume_ml?: number | null
          warnings?: NonNullable<Json>
        }
        Update: {
          capped?: boolean
          color?: string | null
          concentration?: string | null
          context_id?: string | null
          created_at?: string
          department_id?: string
          dose_unit?: string
          dose_value?: number
          formulary_version?: string
          has_danger_warning?: never
          has_warnings?: never
          id?: string
          indication?: string | null
          inputs?: NonNullable<Json>
          medication?: string
          received_at?: string
          route?: string
          session_id?: string | null
          station_id?: string | null
          user_id?: string
          volume_ml?: number | null
          warnings?: NonNullable<Json>
        }
        Relationships: [
          {
            foreignKeyName: "dosing_calculations_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      epcr_submissions: {
        Row: {
          attempts: number
          claim_token: string | null
          claimed_until: string | null
          closed_at: string
          context_id: string | null
          department_id: string
          encounter: Json | null
          id: string
          last_error: string | null
          last_status_code: number | null
          next_attempt_at: string | null
          pcr_number: string
          received_at: string
          report_uuid: string
          request_handle: string | null
          requeued_at: string | null
          requeued_by: string | null
          requeues: number
          sent_at: string | null
          session_id: string | null
          station_id: string | null
          status: Database["public"]["Enums"]["epcr_submission_status"]
          updated_at: string
          urgency: number
          user_id: string
          warnings: string | null
        }
        Insert: {
          attempts?: number
          claim_token?: string | null
          claimed_until?: string | null
          closed_at: string
          context_id?: string | null
          department_id: string
          encounter?: Json | null
          id: string
          last_error?: string | null
          last_status_code?: number | null
          next_attempt_at?: string | null
          pcr_number: string
          received_at?: string
          report_uuid: string
          request_handle?: string | null
          requeued_at?: string | null
          requeued_by?: string | null
          requeues?: number
          sent_at?: string | null
          session_id?: string | null
          station_id?: string | null
          status?: Database["public"]["Enums"]["epcr_submission_status"]
          updated_at?: string
          urgency?: never
          user_id: string
          warnings?: string | null
        }
        Update: {
          attempts?: number
          claim_token?: string | null
          claimed_until?: string | null
          closed_at?: string
          context_id?: string | null
          department_id?: string
          encounter?: Json | null
          id?: string
          last_error?: string | null
          last_status_code?: number | null
          next_attempt_at?: string | null
          pcr_number?: string
          received_at?: string
          report_uuid?: string
          request_handle?: string | null
          requeued_at?: string | null
          requeued_by?: string | null
          requeues?: number
          sent_at?: string | null
          session_id?: string | null
          station_id?: string | null
          status?: Database["public"]["Enums"]["epcr_submission_status"]
          updated_at?: string
          urgency?: never
          user_id?: string
          warnings?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "epcr_submissions_department_id_fkey"
            columns: ["department_id"]
            isOneToOne: false
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "epcr_submissions_requeued_by_fkey"
            columns: ["requeued_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "epcr_submissions_station_id_fkey"
            columns: ["station_id"]
            isOneToOne: false
            referencedRelation: "stations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "epcr_submissions_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      medications: {
        Row: {
          contraindications: string[]
          created_at: string
          deleted_at: string | null
          id: string
          indications: string[]
          name: string
          record: Json | null
          reference_version: number
          routes: string[]
          updated_at: string
        }
        Insert: {
          contraindications?: string[]
          created_at?: string
          deleted_at?: string | null
          id: string
          indications?: string[]
          name: string
          record?: Json | null
          reference_version?: number
          routes?: string[]
          updated_at?: string
        }
        Update: {
          contraindications?: string[]
          created_at?: string
          deleted_at?: string | null
          id?: string
          indications?: string[]
          name?: string
          record?: Json | null
          reference_version?: number
          routes?: string[]
          updated_at?: string
        }
        Relationships: []
      }
      metrics: {
        Row: {
          department_id: string | null
          id: number
          labels: NonNullable<Json>
          name: string
          recorded_at: string
          session_id: string | null
          station_id: string | null
          user_id: string | null
          value: number
        }
        Insert: {
          department_id?: string | null
          id?: never
          labels?: NonNullable<Json>
          name: string
          recorded_at?: string
          session_id?: string | null
          station_id?: string | null
          user_id?: string | null
          value: number
        }
        Update: {
          department_id?: string | null
          id?: never
          labels?: NonNullable<Json>
          name?: string
          recorded_at?: string
          session_id?: string | null
          station_id?: string | null
          user_id?: string | null
          value?: number
        }
        Relationships: []
      }
      narrative_history: {
        Row: {
          content: string
          context_id: string | null
          created_at: string
          department_id: string
          format: Database["public"]["Enums"]["narrative_format"]
          id: string
          narrative_id: string
          received_at: string
          session_id: string | null
          station_id: string | null
          user_id: string
        }
        Insert: {
          content: string
          context_id?: string | null
          created_at: string
          department_id: string
          format: Database["public"]["Enums"]["narrative_format"]
          id: string
          narrative_id: string
          received_at?: string
          session_id?: string | null
          station_id?: string | null
          user_id: string
        }
        Update: {
          content?: string
          context_id?: string | null
          created_at?: string
          department_id?: string
          format?: Database["public"]["Enums"]["narrative_format"]
          id?: string
          narrative_id?: string
          received_at?: string
          session_id?: string | null
          station_id?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "narrative_history_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      patient_contexts: {
        Row: {
          created_at: string
          department_id: string
          expires_at: string
          id: string
          last_event_id: string | null
          phi_sealed: NonNullable<Json>
          received_at: string
          session_id: string | null
          station_id: string | null
          updated_at: string
          user_id: string
        }
        Insert: {
          created_at: string
          department_id: string
          expires_at: string
          id: string
          last_event_id?: string | null
          phi_sealed: NonNullable<Json>
          received_at?: string
          session_id?: string | null
          station_id?: string | null
          updated_at?: string
          user_id: string
        }
        Update: {
          created_at?: string
          department_id?: string
          expires_at?: string
          id?: string
          last_event_id?: string | null
          phi_sealed?: NonNullable<Json>
          received_at?: string
          session_id?: string | null
          station_id?: string | null
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "patient_contexts_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      protocol_usage: {
        Row: {
          action: Database["public"]["Enums"]["protocol_usage_action"]
          context_id: string | null
          created_at: string
          dataset_version: string | null
          department_id: string
          id: string
          query: string | null
          received_at: string
          session_id: string | null
          station_id: string | null
          tp_code: string
          user_id: string
        }
        Insert: {
          action: Database["public"]["Enums"]["protocol_usage_action"]
          context_id?: string | null
          created_at: string
          dataset_version?: string | null
          department_id: string
          id: string
          query?: string | null
          received_at?: string
          session_id?: string | null
          station_id?: string | null
          tp_code: string
          user_id: string
        }
        Update: {
          action?: Database["public"]["Enums"]["protocol_usage_action"]
          context_id?: string | null
          created_at?: string
          dataset_version?: string | null
          department_id?: string
          id?: string
          query?: string | null
          received_at?: string
          session_id?: string | null
          station_id?: string | null
          tp_code?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "protocol_usage_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      protocols: {
        Row: {
          category: string
          content: string
          created_at: string
          deleted_at: string | null
          effective_date: string
          keywords: string[]
          medications: NonNullable<Json>
          name: string
          popularity: number
          population: Database["public"]["Enums"]["population"]
          provider_impressions: string[]
          reference_version: number
          related: string[]
          search_vector: unknown
          sections: NonNullable<Json>
          tp_code: string
          updated_at: string
          version: number
        }
        Insert: {
          category: string
          content?: string
          created_at?: string
          deleted_at?: string | null
          effective_date: string
          keywords?: string[]
          medications?: NonNullable<Json>
          name: string
          popularity?: number
          population: Database["public"]["Enums"]["population"]
          provider_impressions?: string[]
          reference_version?: number
          related?: string[]
          search_vector?: unknown
          sections: NonNullable<Json>
          tp_code: string
          updated_at?: string
          version: number
        }
        Update: {
          category?: string
          content?: string
          created_at?: string
          deleted_at?: string | null
          effective_date?: string
          keywords?: string[]
          medications?: NonNullable<Json>
          name?: string
          popularity?: number
          population?: Database["public"]["Enums"]["population"]
          provider_impressions?: string[]
          reference_version?: number
          related?: string[]
          search_vector?: unknown
          sections?: NonNullable<Json>
          tp_code?: string
          updated_at?: string
          version?: number
        }
        Relationships: []
      }
      provider_impressions: {
        Row: {
          adult_tp: string | null
          code: string
          created_at: string
          deleted_at: string | null
          guidance: string
          keywords: string[]
          name: string
          pediatric_tp: string | null
          reference_version: number
          updated_at: string
        }
        Insert: {
          adult_tp?: string | null
          code: string
          created_at?: string
          deleted_at?: string | null
          guidance?: string
          keywords?: string[]
          name: string
          pediatric_tp?: string | null
          reference_version?: number
          updated_at?: string
        }
        Update: {
          adult_tp?: string | null
          code?: string
          created_at?: string
          deleted_at?: string | null
          guidance?: string
          keywords?: string[]
          name?: string
          pediatric_tp?: string | null
          reference_version?: number
          updated_at?: string
        }
        Relationships: []
      }
      qi_fallout_codes: {
        Row: {
          base_hospital: boolean
          code: string
          name: string
          protocols: string[]
          sort: number
        }
        Insert: {
          base_hospital?: boolean
          code: string
          name: string
          protocols?: string[]
          sort: number
        }
        Update: {
          base_hospital?: boolean
          code?: string
          name?: string
          protocols?: string[]
          sort?: number
        }
        Relationships: []
      }
      qi_flag_kinds: {
        Row: {
          code: string
          description: string
          label: string
          sort: number
        }
        Insert: {
          code: string
          description: string
          label: string
          sort: number
        }
        Update: {
          code?: string
          description?: string
          label?: string
          sort?: number
        }
        Relationships: []
      }
      qi_flags: {
        Row: {
          code: string
          created_at: string
          department_id: string
          detail: string
          record_id: string
          review_id: string
        }
        Insert: {
          code: string
          created_at?: string
          department_id: string
          detail: string
          record_id: string
          review_id: string
        }
        Update: {
          code?: string
          created_at?: string
          department_id?: string
          detail?: string
          record_id?: string
          review_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "qi_flags_code_fkey"
            columns: ["code"]
            isOneToOne: false
            referencedRelation: "qi_flag_kinds"
            referencedColumns: ["code"]
          },
          {
            foreignKeyName: "qi_flags_review_id_fkey"
            columns: ["review_id"]
            isOneToOne: false
            referencedRelation: "qi_reviews"
            referencedColumns: ["id"]
          },
        ]
      }
      qi_review_comments: {
        Row: {
          author_id: string
          body: string
          created_at: string
          department_id: string
          id: string
          review_id: string
        }
        Insert: {
          author_id: string
          body: string
          created_at?: string
          department_id: string
          id?: string
          review_id: string
        }
        Update: {
          author_id?: string
          body?: string
          created_at?: string
          department_id?: string
          id?: string
          review_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "qi_review_comments_author_id_fkey"
            columns: ["author_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "qi_review_comments_review_id_fkey"
            columns: ["review_id"]
            isOneToOne: false
            referencedRelation: "qi_reviews"
            referencedColumns: ["id"]
          },
        ]
      }
      qi_review_fallouts: {
        Row: {
          added_at: string
          added_by: string
          code: string
          department_id: string
          note: string | null
          review_id: string
        }
        Insert: {
          added_at?: string
          added_by: string
          code: string
          department_id: string
          note?: string | null
          review_id: string
        }
        Update: {
          added_at?: string
          added_by?: string
          code?: string
          department_id?: string
          note?: string | null
          review_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "qi_review_fallouts_added_by_fkey"
            columns: ["added_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "qi_review_fallouts_code_fkey"
            columns: ["code"]
            isOneToOne: false
            referencedRelation: "qi_fallout_codes"
            referencedColumns: ["code"]
          },
          {
            foreignKeyName: "qi_review_fallouts_review_id_fkey"
            columns: ["review_id"]
            isOneToOne: false
            referencedRelation: "qi_reviews"
            referencedColumns: ["id"]
          },
        ]
      }
      qi_reviews: {
        Row: {
          applied_protocols: string[]
          assigned_at: string | null
          assigned_to: string | null
          call_key: string
          closed_at: string | null
          closed_by: string | null
          context_id: string | null
          correction_request: string | null
          correction_requested_at: string | null
          correction_requested_by: string | null
          created_at: string
          department_id: string
          doses: number
          flagged: boolean
          flags: string[]
          id: string
          last_record_at: string
          medications: string[]
          narratives: number
          protocols_applied: number
          protocols_viewed: number
          records_since_request: number
          started_at: string
          station_id: string | null
          status: Database["public"]["Enums"]["qi_review_status"]
          updated_at: string
          user_id: string
        }
        Insert: {
          applied_protocols?: string[]
          assigned_at?: string | null
          assigned_to?: string | null
          call_key: string
          closed_at?: string | null
          closed_by?: string | null
          context_id?: string | null
          correction_request?: string | null
          correction_requested_at?: string | null
          correction_requested_by?: string | null
          created_at?: string
          department_id: string
          doses?: number
          flagged?: never
          flags?: string[]
          id?: string
          last_record_at: string
          medications?: string[]
          narratives?: number
          protocols_applied?: number
          protocols_viewed?: number
          records_since_request?: number
          started_at: string
          station_id?: string | null
          status?: Database["public"]["Enums"]["qi_review_status"]
          updated_at?: string
          user_id: string
        }
        Update: {
          applied_protocols?: string[]
          assigned_at?: string | null
          assigned_to?: string | null
          call_key?: string
          closed_at?: string | null
          closed_by?: string | null
          context_id?: string | null
          correction_request?: string | null
          correction_requested_at?: string | null
          correction_requested_by?: string | null
          created_at?: string
          department_id?: string
          doses?: number
          flagged?: never
          flags?: string[]
          id?: string
          last_record_at?: string
          medications?: string[]
          narratives?: number
          protocols_applied?: number
          protocols_viewed?: number
          records_since_request?: number
          started_at?: string
          station_id?: string | null
          status?: Database["public"]["Enums"]["qi_review_status"]
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "qi_reviews_assigned_to_fkey"
            columns: ["assigned_to"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "qi_reviews_closed_by_fkey"
            columns: ["closed_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "qi_reviews_correction_requested_by_fkey"
            columns: ["correction_requested_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "qi_reviews_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      rate_limit_config: {
        Row: {
          description: string
          max_requests: number
          scope: string
          updated_at: string
          window_seconds: number
        }
        Insert: {
          description: string
          max_requests: number
          scope: string
          updated_at?: string
          window_seconds: number
        }
        Update: {
          description?: string
          max_requests?: number
          scope?: string
          updated_at?: string
          window_seconds?: number
        }
        Relationships: []
      }
      rate_limit_violations: {
        Row: {
          ban_lifted_at: string | null
          ban_lifted_by: string | null
          ban_was_until: string | null
          banned_until: string | null
          department_id: string | null
          id: number
          limit_count: number
          occurred_at: string
          reputation_after: number
          request_count: number
          scope: string
          user_id: string
        }
        Insert: {
          ban_lifted_at?: string | null
          ban_lifted_by?: string | null
          ban_was_until?: string | null
          banned_until?: string | null
          department_id?: string | null
          id?: never
          limit_count: number
          occurred_at?: string
          reputation_after: number
          request_count: number
          scope: string
          user_id: string
        }
        Update: {
          ban_lifted_at?: string | null
          ban_lifted_by?: string | null
          ban_was_until?: string | null
          banned_until?: string | null
          department_id?: string | null
          id?: never
          limit_count?: number
          occurred_at?: string
          reputation_after?: number
          request_count?: number
          scope?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "rate_limit_violations_ban_lifted_by_fkey"
            columns: ["ban_lifted_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "rate_limit_violations_department_id_fkey"
            columns: ["department_id"]
            isOneToOne: false
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "rate_limit_violations_scope_fkey"
            columns: ["scope"]
            isOneToOne: false
            referencedRelation: "rate_limit_config"
            referencedColumns: ["scope"]
          },
          {
            foreignKeyName: "rate_limit_violations_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      reference_state: {
        Row: {
          id: boolean
          time_zone: string
          tombstone_horizon: number
          updated_at: string
          version: number
        }
        Insert: {
          id?: boolean
          time_zone?: string
          tombstone_horizon?: number
          updated_at?: string
          version?: number
        }
        Update: {
          id?: boolean
          time_zone?: string
          tombstone_horizon?: number
          updated_at?: string
          version?: number
        }
        Relationships: []
      }
      reference_versions: {
        Row: {
          activated_at: string | null
          approved_at: string | null
          approved_by: string | null
          archived_at: string | null
          change_log: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at: string
          created_by: string | null
          department_id: string | null
          effective_date: string | null
          id: string
          kind: string
          name: string | null
          record_key: string
          rejected_at: string | null
          rejected_by: string | null
          rejection_reason: string | null
          source: string
          status: Database["public"]["Enums"]["reference_version_status"]
          submitted_at: string | null
          superseded_at: string | null
          updated_at: string
          version: number
          withdrawal_reason: string | null
          withdrawn_at: string | null
          withdrawn_by: string | null
        }
        Insert: {
          activated_at?: string | null
          approved_at?: string | null
          approved_by?: string | null
          archived_at?: string | null
          change_log?: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at?: string
          created_by?: string | null
          department_id?: string | null
          effective_date?: string | null
          id?: string
          kind: string
          name?: never
          record_key: string
          rejected_at?: string | null
          rejected_by?: string | null
          rejection_reason?: string | null
          source?: string
          status?: Database["public"]["Enums"]["reference_version_status"]
          submitted_at?: string | null
          superseded_at?: string | null
          updated_at?: string
          version: number
          withdrawal_reason?: string | null
          withdrawn_at?: string | null
          withdrawn_by?: string | null
        }
        Update: {
          activated_at?: string | null
          approved_at?: string | null
          approved_by?: string | null
          archived_at?: string | null
          change_log?: NonNullable<Json>
          change_summary?: string
          content?: NonNullable<Json>
          created_at?: string
          created_by?: string | null
          department_id?: string | null
          effective_date?: string | null
          id?: string
          kind?: string
          name?: never
          record_key?: string
          rejected_at?: string | null
          rejected_by?: string | null
          rejection_reason?: string | null
          source?: string
          status?: Database["public"]["Enums"]["reference_version_status"]
          submitted_at?: string | null
          superseded_at?: string | null
          updated_at?: string
          version?: number
          withdrawal_reason?: string | null
          withdrawn_at?: string | null
          withdrawn_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "protocol_versions_approved_by_fkey"
            columns: ["approved_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "protocol_versions_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "protocol_versions_department_id_fkey"
            columns: ["department_id"]
            isOneToOne: false
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "protocol_versions_rejected_by_fkey"
            columns: ["rejected_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "protocol_versions_withdrawn_by_fkey"
            columns: ["withdrawn_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      sessions: {
        Row: {
          created_at: string
          department_id: string
          device_label: string | null
          expires_at: string
          id: string
          last_seen_at: string
          station_id: string | null
          user_id: string
        }
        Insert: {
          created_at?: string
          department_id: string
          device_label?: string | null
          expires_at?: string
          id: string
          last_seen_at?: string
          station_id?: string | null
          user_id: string
        }
        Update: {
          created_at?: string
          department_id?: string
          device_label?: string | null
          expires_at?: string
          id?: string
          last_seen_at?: string
          station_id?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "sessions_department_id_fkey"
            columns: ["department_id"]
            isOneToOne: false
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "sessions_station_id_fkey"
            columns: ["station_id"]
            isOneToOne: false
            referencedRelation: "stations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "sessions_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      stations: {
        Row: {
          code: string
          created_at: string
          department_id: string
          id: string
          name: string
        }
        Insert: {
          code: string
          created_at?: string
          department_id: string
          id?: string
          name: string
        }
        Update: {
          code?: string
          created_at?: string
          department_id?: string
          id?: string
          name?: string
        }
        Relationships: [
          {
            foreignKeyName: "stations_department_id_fkey"
            columns: ["department_id"]
            isOneToOne: false
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
        ]
      }
      users: {
        Row: {
          badge_number: string
          created_at: string
          deleted_at: string | null
          department_id: string
          email: string
          full_name: string
          id: string
          role: Database["public"]["Enums"]["app_role"]
          station_id: string | null
          updated_at: string
        }
        Insert: {
          badge_number: string
          created_at?: string
          deleted_at?: string | null
          department_id: string
          email: string
          full_name: string
          id: string
          role: Database["public"]["Enums"]["app_role"]
          station_id?: string | null
          updated_at?: string
        }
        Update: {
          badge_number?: string
          created_at?: string
          deleted_at?: string | null
          department_id?: string
          email?: string
          full_name?: string
          id?: string
          role?: Database["public"]["Enums"]["app_role"]
          station_id?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "users_department_id_fkey"
            columns: ["department_id"]
            isOneToOne: false
            referencedRelation: "departments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "users_station_id_department_id_fkey"
            columns: ["station_id", "department_id"]
            isOneToOne: false
            referencedRelation: "stations"
            referencedColumns: ["id", "department_id"]
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      activate_due_reference_versions: {
        Args: { p_now?: string }
        Returns: Json
      }
      add_qi_review_comment: {
        Args: { body: string; review_id: string }
        Returns: Json
      }
      add_qi_review_fallout: {
        Args: { code: string; note?: string; review_id: string }
        Returns: Json
      }
      approve_reference_version: {
        Args: { version_id: string }
        Returns: {
          activated_at: string | null
          approved_at: string | null
          approved_by: string | null
          archived_at: string | null
          change_log: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at: string
          created_by: string | null
          department_id: string | null
          effective_date: string | null
          id: string
          kind: string
          name: string | null
          record_key: string
          rejected_at: string | null
          rejected_by: string | null
          rejection_reason: string | null
          source: string
          status: Database["public"]["Enums"]["reference_version_status"]
          submitted_at: string | null
          superseded_at: string | null
          updated_at: string
          version: number
          withdrawal_reason: string | null
          withdrawn_at: string | null
          withdrawn_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "reference_versions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      archive_reference_version: {
        Args: { reason: string; version_id: string }
        Returns: {
          activated_at: string | null
          approved_at: string | null
          approved_by: string | null
          archived_at: string | null
          change_log: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at: string
          created_by: string | null
          department_id: string | null
          effective_date: string | null
          id: string
          kind: string
          name: string | null
          record_key: string
          rejected_at: string | null
          rejected_by: string | null
          rejection_reason: string | null
          source: string
          status: Database["public"]["Enums"]["reference_version_status"]
          submitted_at: string | null
          superseded_at: string | null
          updated_at: string
          version: number
          withdrawal_reason: string | null
          withdrawn_at: string | null
          withdrawn_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "reference_versions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      assign_qi_review: { Args: { review_id: string }; Returns: Json }
      chart_pediatric_weight: {
        Args: { filter_station_id?: string; from_day: string; to_day: string }
        Returns: Json
      }
      chart_protocol_use: {
        Args: { filter_station_id?: string; from_day: string; to_day: string }
        Returns: Json
      }
      chart_sync_lag: {
        Args: { filter_station_id?: string; from_day: string; to_day: string }
        Returns: Json
      }
      chart_time_to_first_dose: {
        Args: { filter_station_id?: string; from_day: string; to_day: string }
        Returns: Json
      }
      claim_epcr_submissions: {
        Args: { p_lease_seconds?: number; p_limit?: number; p_now?: string }
        Returns: {
          attempts: number
          claim_token: string
          department_id: string
          encounter: Json
          id: string
          report_uuid: string
          request_handle: string
        }[]
      }
      count_department_protocol_usage: {
        Args: {
          filter_station_id?: string
          filter_user_id?: string
          from_time: string
          page_offset?: number
          page_size?: number
          to_time: string
        }
        Returns: {
          applications: number
          distinct_users: number
          protocol_name: string
          total_count: number
          tp_code: string
          uses: number
          views: number
        }[]
      }
      count_epcr_handoffs: { Args: Record<PropertyKey, never>; Returns: Json }
      create_audit_log_partition: {
        Args: { p_month: string }
        Returns: boolean
      }
      create_next_audit_log_partitions: {
        Args: { p_months?: number; p_now?: string }
        Returns: number
      }
      create_reference_draft: {
        Args: {
          change_log: Json
          content: Json
          kind: string
          record_key: string
        }
        Returns: {
          activated_at: string | null
          approved_at: string | null
          approved_by: string | null
          archived_at: string | null
          change_log: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at: string
          created_by: string | null
          department_id: string | null
          effective_date: string | null
          id: string
          kind: string
          name: string | null
          record_key: string
          rejected_at: string | null
          rejected_by: string | null
          rejection_reason: string | null
          source: string
          status: Database["public"]["Enums"]["reference_version_status"]
          submitted_at: string | null
          superseded_at: string | null
          updated_at: string
          version: number
          withdrawal_reason: string | null
          withdrawn_at: string | null
          withdrawn_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "reference_versions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      get_console_context: { Args: Record<PropertyKey, never>; Returns: Json }
      get_qi_review: { Args: { review_id: string }; Returns: Json }
      get_reference_version: { Args: { version_id: string }; Returns: Json }
      hook_password_verification_attempt: {
        Args: { event: Json }
        Returns: Json
      }
      ingest_events: { Args: { events: Json }; Returns: Json }
      invoke_epcr_handoff: { Args: Record<PropertyKey, never>; Returns: number }
      lift_rate_limit_ban: {
        Args: { reason: string; user_id: string }
        Returns: Json
      }
      list_audit_actions: {
        Args: Record<PropertyKey, never>
        Returns: string[]
      }
      list_department_audit_events: {
        Args: {
          filter_action?: string
          filter_station_id?: string
          filter_user_id?: string
          from_time: string
          page_offset?: number
          page_size?: number
          to_time: string
        }
        Returns: {
          action: string
          badge_number: string
          details: Json
          id: string
          occurred_at: string
          received_at: string
          session_id: string
          source: string
          station_id: string
          total_count: number
          user_id: string
        }[]
      }
      list_department_dosing_calculations: {
        Args: {
          filter_station_id?: string
          filter_user_id?: string
          from_time: string
          page_offset?: number
          page_size?: number
          to_time: string
        }
        Returns: {
          badge_number: string
          capped: boolean
          color: string
          concentration: string
          context_id: string
          created_at: string
          dose_unit: string
          dose_value: number
          formulary_version: string
          has_danger_warning: boolean
          has_warnings: boolean
          id: string
          indication: string
          inputs: Json
          medication: string
          route: string
          station_id: string
          total_count: number
          user_id: string
          volume_ml: number
          warnings: Json
        }[]
      }
      list_department_narratives: {
        Args: {
          filter_station_id?: string
          filter_user_id?: string
          from_time: string
          page_offset?: number
          page_size?: number
          to_time: string
        }
        Returns: {
          badge_number: string
          content: string
          context_id: string
          created_at: string
          format: Database["public"]["Enums"]["narrative_format"]
          full_name: string
          id: string
          narrative_id: string
          received_at: string
          station_id: string
          total_count: number
          user_id: string
        }[]
      }
      list_department_sync_health: {
        Args: {
          filter_station_id?: string
          filter_user_id?: string
          from_time: string
          page_offset?: number
          page_size?: number
          to_time: string
        }
        Returns: {
          accepted: number
          badge_number: string
          batches: number
          device_label: string
          duplicates: number
          events: number
          first_seen_at: string
          full_name: string
          last_seen_at: string
          max_lag_seconds: number
          rate_limited: number
          rejected: number
          session_id: string
          station_id: string
          total_count: number
          user_id: string
        }[]
      }
      list_epcr_handoffs: {
        Args: {
          after_closed_at?: string
          after_id?: string
          after_urgency?: number
          filter_stage?: string
          filter_user_id?: string
          page_size?: number
        }
        Returns: {
          attempts: number
          badge_number: string
          closed_at: string
          full_name: string
          id: string
          last_error: string
          last_status_code: number
          may_requeue: boolean
          next_attempt_at: string
          pcr_number: string
          report_uuid: string
          requeued_at: string
          requeued_by_name: string
          requeues: number
          sent_at: string
          stage: string
          station_code: string
          status: Database["public"]["Enums"]["epcr_submission_status"]
          updated_at: string
          urgency: number
          user_id: string
          warnings: string
        }[]
      }
      list_epcr_submissions: {
        Args: { p_limit?: number }
        Returns: {
          attempts: number
          closed_at: string
          id: string
          last_error: string
          last_status_code: number
          next_attempt_at: string
          pcr_number: string
          sent_at: string
          status: Database["public"]["Enums"]["epcr_submission_status"]
          user_id: string
          warnings: string
        }[]
      }
      list_qi_reviews: {
        Args: {
          after_flagged?: boolean
          after_id?: string
          after_started_at?: string
          filter_assignee?: string
          filter_flag?: string
          filter_station_id?: string
          filter_status?: Database["public"]["Enums"]["qi_review_status"]
          filter_user_id?: string
          from_time?: string
          page_size?: number
          to_time?: string
        }
        Returns: {
          applied_protocols: string[]
          assigned_to: string
          assignee_name: string
          badge_number: string
          comments: number
          context_id: string
          crew_name: string
          doses: number
          fallout_codes: string[]
          flagged: boolean
          flags: string[]
          id: string
          last_record_at: string
          medications: string[]
          narratives: number
          protocols_applied: number
          records_since_request: number
          started_at: string
          station_code: string
          station_id: string
          status: Database["public"]["Enums"]["qi_review_status"]
          updated_at: string
          user_id: string
        }[]
      }
      list_reference_record_names: { Args: { kind: string }; Returns: Json }
      list_reference_records: { Args: { kind: string }; Returns: Json }
      list_reference_versions: {
        Args: {
          filter_key?: string
          filter_kind?: string
          filter_status?: string
        }
        Returns: Json
      }
      list_sync_health: {
        Args: { filter_station_id?: string; filter_user_id?: string }
        Returns: {
          app_version: string
          badge_number: string
          banned_until: string
          device_id: string
          full_name: string
          last_report_at: string
          last_sync_at: string
          last_violation_scope: string
          oldest_pending_at: string
          pending: number
          refused: Json
          refused_count: number
          reputation: number
          station_code: string
          user_id: string
          violations_30d: number
        }[]
      }
      load_reference_dataset: { Args: { dataset: Json }; Returns: Json }
      my_correction_requests: {
        Args: Record<PropertyKey, never>
        Returns: Json
      }
      my_profile: { Args: Record<PropertyKey, never>; Returns: Json }
      note_console_export: {
        Args: { filters?: Json; row_count: number; what: string }
        Returns: undefined
      }
      pull_reference: { Args: { since_version?: number }; Returns: Json }
      pull_reference_page: {
        Args: {
          after_slot?: string
          after_version?: number
          page_size?: number
          since_version?: number
        }
        Returns: Json
      }
      purge_expired_patient_contexts: {
        Args: { p_now?: string }
        Returns: number
      }
      purge_expired_sessions: { Args: { p_now?: string }; Returns: number }
      purge_old_audit_logs: { Args: { p_now?: string }; Returns: number }
      purge_old_dosing_calculations: {
        Args: { p_now?: string }
        Returns: number
      }
      purge_old_epcr_submissions: { Args: { p_now?: string }; Returns: number }
      purge_old_metrics: { Args: { p_now?: string }; Returns: number }
      purge_old_narratives: { Args: { p_now?: string }; Returns: number }
      purge_old_protocol_usage: { Args: { p_now?: string }; Returns: number }
      purge_old_qi_reviews: { Args: { p_now?: string }; Returns: number }
      purge_old_sign_in_attempts: { Args: { p_now?: string }; Returns: number }
      refresh_console_analytics: { Args: { p_now?: string }; Returns: Json }
      reject_reference_version: {
        Args: { reason: string; version_id: string }
        Returns: {
          activated_at: string | null
          approved_at: string | null
          approved_by: string | null
          archived_at: string | null
          change_log: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at: string
          created_by: string | null
          department_id: string | null
          effective_date: string | null
          id: string
          kind: string
          name: string | null
          record_key: string
          rejected_at: string | null
          rejected_by: string | null
          rejection_reason: string | null
          source: string
          status: Database["public"]["Enums"]["reference_version_status"]
          submitted_at: string | null
          superseded_at: string | null
          updated_at: string
          version: number
          withdrawal_reason: string | null
          withdrawn_at: string | null
          withdrawn_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "reference_versions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      remove_qi_review_fallout: {
        Args: { code: string; review_id: string }
        Returns: Json
      }
      report_epcr_submission: {
        Args: {
          p_claim_token: string
          p_id: string
          p_message?: string
          p_now?: string
          p_outcome: string
          p_request_handle?: string
          p_status_code?: number
        }
        Returns: Json
      }
      report_outbox_state: {
        Args: {
          app_version?: string
          device_id: string
          oldest_pending_at?: string
          pending: number
          refused?: Json
          refused_count?: number
        }
        Returns: Json
      }
      requeue_epcr_submission: {
        Args: { reason: string; submission_id: string }
        Returns: Json
      }
      run_daily_retention: { Args: { p_now?: string }; Returns: Json }
      schedule_epcr_handoff: {
        Args: Record<PropertyKey, never>
        Returns: string
      }
      schedule_reference_version: {
        Args: { effective_date: string; version_id: string }
        Returns: {
          activated_at: string | null
          approved_at: string | null
          approved_by: string | null
          archived_at: string | null
          change_log: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at: string
          created_by: string | null
          department_id: string | null
          effective_date: string | null
          id: string
          kind: string
          name: string | null
          record_key: string
          rejected_at: string | null
          rejected_by: string | null
          rejection_reason: string | null
          source: string
          status: Database["public"]["Enums"]["reference_version_status"]
          submitted_at: string | null
          superseded_at: string | null
          updated_at: string
          version: number
          withdrawal_reason: string | null
          withdrawn_at: string | null
          withdrawn_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "reference_versions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      search_audit_logs: {
        Args: {
          after_id?: string
          after_occurred_at?: string
          filter_action?: string
          filter_resource_key?: string
          filter_resource_value?: string
          filter_source?: string
          filter_user_id?: string
          from_time?: string
          page_size?: number
          to_time?: string
        }
        Returns: {
          action: string
          badge_number: string
          details: Json
          full_name: string
          id: string
          occurred_at: string
          received_at: string
          session_id: string
          source: string
          station_code: string
          user_id: string
        }[]
      }
      set_qi_review_status: {
        Args: {
          note?: string
          review_id: string
          status: Database["public"]["Enums"]["qi_review_status"]
        }
        Returns: Json
      }
      submit_reference_version: {
        Args: { version_id: string }
        Returns: {
          activated_at: string | null
          approved_at: string | null
          approved_by: string | null
          archived_at: string | null
          change_log: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at: string
          created_by: string | null
          department_id: string | null
          effective_date: string | null
          id: string
          kind: string
          name: string | null
          record_key: string
          rejected_at: string | null
          rejected_by: string | null
          rejection_reason: string | null
          source: string
          status: Database["public"]["Enums"]["reference_version_status"]
          submitted_at: string | null
          superseded_at: string | null
          updated_at: string
          version: number
          withdrawal_reason: string | null
          withdrawn_at: string | null
          withdrawn_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "reference_versions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      update_reference_draft: {
        Args: { change_log: Json; content: Json; version_id: string }
        Returns: {
          activated_at: string | null
          approved_at: string | null
          approved_by: string | null
          archived_at: string | null
          change_log: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at: string
          created_by: string | null
          department_id: string | null
          effective_date: string | null
          id: string
          kind: string
          name: string | null
          record_key: string
          rejected_at: string | null
          rejected_by: string | null
          rejection_reason: string | null
          source: string
          status: Database["public"]["Enums"]["reference_version_status"]
          submitted_at: string | null
          superseded_at: string | null
          updated_at: string
          version: number
          withdrawal_reason: string | null
          withdrawn_at: string | null
          withdrawn_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "reference_versions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      withdraw_reference_version: {
        Args: { reason: string; version_id: string }
        Returns: {
          activated_at: string | null
          approved_at: string | null
          approved_by: string | null
          archived_at: string | null
          change_log: NonNullable<Json>
          change_summary: string
          content: NonNullable<Json>
          created_at: string
          created_by: string | null
          department_id: string | null
          effective_date: string | null
          id: string
          kind: string
          name: string | null
          record_key: string
          rejected_at: string | null
          rejected_by: string | null
          rejection_reason: string | null
          source: string
          status: Database["public"]["Enums"]["reference_version_status"]
          submitted_at: string | null
          superseded_at: string | null
          updated_at: string
          version: number
          withdrawal_reason: string | null
          withdrawn_at: string | null
          withdrawn_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "reference_versions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
    }
    Enums: {
      app_role:
        | "paramedic"
        | "emt"
        | "supervisor"
        | "medical_director"
        | "admin"
      epcr_submission_status:
        | "queued"
        | "processing"
        | "sent"
        | "sent_with_warnings"
        | "needs_correction"
        | "failed"
      narrative_format: "soap" | "chronological" | "nemsis" | "chart"
      population: "adult" | "pediatric"
      protocol_usage_action: "viewed" | "applied"
      qi_review_status: "new" | "in_review" | "needs_correction" | "closed"
      reference_version_status:
        | "draft"
        | "review"
        | "approved"
        | "rejected"
        | "scheduled"
        | "withdrawn"
        | "active"
        | "superseded"
        | "archived"
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      app_role: ["paramedic", "emt", "supervisor", "medical_director", "admin"],
      epcr_submission_status: [
        "queued",
        "processing",
        "sent",
        "sent_with_warnings",
        "needs_correction",
        "failed",
      ],
      narrative_format: ["soap", "chronological", "nemsis", "chart"],
      population: ["adult", "pediatric"],
      protocol_usage_action: ["viewed", "applied"],
      qi_review_status: ["new", "in_review", "needs_correction", "closed"],
      reference_version_status: [
        "draft",
        "review",
        "approved",
        "rejected",
        "scheduled",
        "withdrawn",
        "active",
        "superseded",
        "archived",
      ],
    },
  },
} as const
